using System.Text.Json;
using PolicyLsp.Analysis.Clauses;
using Xunit.Abstractions;

namespace PolicyLsp.Analysis.Tests.Evaluation;

/// <summary>Precision and recall per family on our own set of short clauses (Evaluation/clauses.json).</summary>
public sealed class ClauseSetTests(ITestOutputHelper output)
{
    // Floors only go up as detection improves.
    private static readonly Dictionary<string, (double Precision, double Recall)> Floors = new()
    {
        ["ai"] = (0.98, 0.92),
        ["optin"] = (0.98, 0.88),
    };

    private sealed record LabelledClause(string Id, string Text, List<string> Families, string? Note);

    private sealed record ClauseSet(string Description, List<LabelledClause> Clauses);

    [Theory]
    [InlineData("ai")]
    [InlineData("optin")]
    public void Family_meets_the_precision_and_recall_floors(string family)
    {
        var set = JsonSerializer.Deserialize<ClauseSet>(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Evaluation", "clauses.json")),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        int tp = 0, fp = 0, fn = 0;
        foreach (var clause in set.Clauses)
        {
            var found = PolicyAnalyzer.Analyze("# Policy\n\n" + clause.Text + "\n").Context.Clauses
                .Any(c => (c.Family == ClauseFamily.AiTraining ? "ai" : "optin") == family);
            var expected = clause.Families.Contains(family);
            if (found && expected)
            {
                tp++;
            }
            else if (found)
            {
                fp++;
                output.WriteLine($"false {clause.Id}: {clause.Text}");
            }
            else if (expected)
            {
                fn++;
                output.WriteLine($"miss  {clause.Id}: {clause.Text}");
            }
        }

        var precision = tp + fp == 0 ? 1 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 1 : (double)tp / (tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        output.WriteLine($"{family}: precision {precision:0.00}, recall {recall:0.00}, F1 {f1:0.00} (tp {tp}, fp {fp}, fn {fn})");
        Assert.True(precision >= Floors[family].Precision, $"{family} precision {precision:0.00}");
        Assert.True(recall >= Floors[family].Recall, $"{family} recall {recall:0.00}");
    }
}
