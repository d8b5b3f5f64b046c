using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolicyLsp.Analysis.Tests.Corpus;

internal sealed record LabelledClause(int Line, string Family, List<string> Covered, bool Plain, string? Note);

internal sealed record LabelledDocument(string File, int Words, List<LabelledClause> Clauses, string? Note);

internal sealed record CorpusLabelFile(string Description, List<LabelledDocument> Documents);

internal static class CorpusLabels
{
    public static CorpusLabelFile Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Corpus", "corpus-labels.json");
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowReadingFromString };
        return JsonSerializer.Deserialize<CorpusLabelFile>(File.ReadAllText(path), options)!;
    }
}
