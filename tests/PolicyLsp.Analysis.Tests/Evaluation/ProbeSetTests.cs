using PolicyLsp.Analysis.Evaluation;
using Xunit.Abstractions;

namespace PolicyLsp.Analysis.Tests.Evaluation;

/// <summary>
/// The probe sets (eval/probes): sentences written from the detection contract alone, for fictional companies, by
/// writers who saw neither the engine's vocabulary nor each other's sets. Each labels one family only, so only that
/// family is scored. Measured before the classes they showed were fixed (docs/evaluation.md, tenth round); the floors
/// hold what was reached since (− 0.02) and only go up.
/// </summary>
public sealed class ProbeSetTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, double, double> Floors() => new()
    {
        { "ai-1.json", EvaluationFamilies.Ai, 0.93, 0.93 },
        { "optin-1.json", EvaluationFamilies.OptIn, 0.94, 0.54 },
        { "ai-2.json", EvaluationFamilies.Ai, 0.92, 0.95 },
        { "optin-2.json", EvaluationFamilies.OptIn, 0.96, 0.85 },
        { "ai-3.json", EvaluationFamilies.Ai, 0.96, 0.93 },
        { "optin-3.json", EvaluationFamilies.OptIn, 0.96, 0.63 },
        { "ai-4.json", EvaluationFamilies.Ai, 0.95, 0.95 },
        { "optin-4.json", EvaluationFamilies.OptIn, 0.98, 0.81 },
    };

    [Theory]
    [MemberData(nameof(Floors))]
    public void Probe_set_meets_its_floors(string file, string family, double precision, double recall)
    {
        var result = ClauseSetEvaluator.Evaluate(ClauseSet.Load(Path.Combine(TestPaths.Eval, "probes", file)));
        foreach (var mismatch in result.Mismatches.Where(m => m.Subject == family))
        {
            output.WriteLine(mismatch.ToString());
        }

        var score = result.For(family);
        output.WriteLine($"{file} {family}: precision {score.Precision:0.00}, recall {score.Recall:0.00} (tp {score.TruePositives}, fp {score.FalsePositives}, fn {score.FalseNegatives})");
        Assert.True(score.Precision >= precision, $"{file} {family} precision {score.Precision:0.00} < {precision:0.00}");
        Assert.True(score.Recall >= recall, $"{file} {family} recall {score.Recall:0.00} < {recall:0.00}");
    }
}
