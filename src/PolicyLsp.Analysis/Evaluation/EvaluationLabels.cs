using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PolicyLsp.Analysis.Evaluation;

/// <summary>One labelled clause of a corpus document: the line its sentence starts on, its family and what the label says it has.</summary>
/// <param name="Covered">The required regions the text carves out for this practice (EU, EEA, UK, CH).</param>
/// <param name="Plain">True when a plain-language disclosure of the practice is near the clause.</param>
public sealed record LabelledClause(int Line, string Family, IReadOnlyList<string> Covered, bool Plain, string? Note);

/// <summary>A corpus document (path relative to the corpus folder), its word count and every clause in it.</summary>
public sealed record LabelledDocument(string File, int Words, IReadOnlyList<LabelledClause> Clauses, string? Note);

/// <summary>eval/corpus-labels.json: hand labels of the real policies.</summary>
public sealed record CorpusLabels(string? Description, IReadOnlyList<LabelledDocument> Documents)
{
    public static CorpusLabels Load(string path)
    {
        var labels = EvaluationJson.Read(path, EvaluationJsonContext.Default.CorpusLabels);
        if (labels.Documents is null)
        {
            throw new EvaluationDataException($"{path}: no \"documents\" array");
        }

        foreach (var document in labels.Documents)
        {
            if (string.IsNullOrWhiteSpace(document.File) || document.Clauses is null)
            {
                throw new EvaluationDataException($"{path}: every document needs \"file\" and \"clauses\"");
            }

            foreach (var clause in document.Clauses)
            {
                if (clause.Line < 1 || !EvaluationFamilies.All.Contains(clause.Family) || clause.Covered is null)
                {
                    throw new EvaluationDataException(
                        $"{path}: {document.File}: a clause needs \"line\" ≥ 1, \"family\" ai or optin and \"covered\" (line {clause.Line}, family \"{clause.Family}\")");
                }
            }
        }

        return labels;
    }
}

/// <summary>One short clause of the clause set and the families it belongs to (none, ai, optin or both).</summary>
public sealed record LabelledSentence(string Id, string Text, IReadOnlyList<string> Families, string? Note);

/// <summary>eval/clauses.json: hand-written sentences, each labelled with its clause families.</summary>
public sealed record ClauseSet(string? Description, IReadOnlyList<LabelledSentence> Clauses)
{
    public static ClauseSet Load(string path)
    {
        var set = EvaluationJson.Read(path, EvaluationJsonContext.Default.ClauseSet);
        if (set.Clauses is null)
        {
            throw new EvaluationDataException($"{path}: no \"clauses\" array");
        }

        foreach (var clause in set.Clauses)
        {
            if (string.IsNullOrWhiteSpace(clause.Id) || clause.Text is null || clause.Families is null
                || clause.Families.Any(f => !EvaluationFamilies.All.Contains(f)))
            {
                throw new EvaluationDataException($"{path}: every clause needs \"id\", \"text\" and \"families\" (ai, optin) (at \"{clause.Id}\")");
            }
        }

        return set;
    }
}

/// <summary>A label or corpus file that is missing or unreadable: the message names it.</summary>
public sealed class EvaluationDataException(string message) : Exception(message);

internal static class EvaluationJson
{
    public static T Read<T>(string path, JsonTypeInfo<T> type)
        where T : class
    {
        if (!File.Exists(path))
        {
            throw new EvaluationDataException($"file not found: {path}");
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), type)
                ?? throw new EvaluationDataException($"{path}: empty label file");
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? $":{l + 1}" : string.Empty;
            throw new EvaluationDataException($"{path}{line}: not valid label JSON: {e.Message}");
        }
    }
}
