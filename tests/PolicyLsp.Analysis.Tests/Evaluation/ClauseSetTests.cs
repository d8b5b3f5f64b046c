using PolicyLsp.Analysis.Evaluation;
using Xunit.Abstractions;

namespace PolicyLsp.Analysis.Tests.Evaluation;

/// <summary>Precision and recall per family on our own set of short clauses (eval/clauses.json).</summary>
public sealed class ClauseSetTests(ITestOutputHelper output)
{
    // Floors only go up as detection improves.
    private static readonly Dictionary<string, (double Precision, double Recall)> Floors = new()
    {
        [EvaluationFamilies.Ai] = (0.98, 0.94),
        [EvaluationFamilies.OptIn] = (0.98, 0.89),
    };

    private static readonly Lazy<ClauseSetResult> Evaluated = new(() =>
        ClauseSetEvaluator.Evaluate(ClauseSet.Load(Path.Combine(TestPaths.Eval, "clauses.json"))));

    [Theory]
    [InlineData(EvaluationFamilies.Ai)]
    [InlineData(EvaluationFamilies.OptIn)]
    public void Family_meets_the_precision_and_recall_floors(string family)
    {
        var result = Evaluated.Value;
        foreach (var mismatch in result.Mismatches.Where(m => m.Subject == family))
        {
            output.WriteLine(mismatch.ToString());
        }

        var score = result.For(family);
        output.WriteLine($"{family}: precision {score.Precision:0.00}, recall {score.Recall:0.00}, F1 {score.F1:0.00} (tp {score.TruePositives}, fp {score.FalsePositives}, fn {score.FalseNegatives})");
        Assert.True(score.Precision >= Floors[family].Precision, $"{family} precision {score.Precision:0.00}");
        Assert.True(score.Recall >= Floors[family].Recall, $"{family} recall {score.Recall:0.00}");
    }
}
