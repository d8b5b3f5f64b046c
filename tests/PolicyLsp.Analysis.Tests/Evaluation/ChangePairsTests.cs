using System.Security.Cryptography;
using System.Text.Json;
using PolicyLsp.Analysis.Evaluation;
using Xunit.Abstractions;

namespace PolicyLsp.Analysis.Tests.Evaluation;

/// <summary>
/// The material-change evaluation on real version pairs (eval/changes): the pairs file keeps its shape and uses no
/// reserved or test-split service, and — when the texts have been re-created — the engine stays at or above its floors
/// and reports nothing for a version compared with itself.
/// </summary>
public sealed class ChangePairsTests(ITestOutputHelper output)
{
    // Measured on eval/changes (docs/evaluation.md) − 0.02; floors only go up.
    private static readonly Dictionary<string, (double Precision, double Recall)> Floors = new()
    {
        ["PL301"] = (0.71, 0.92),
        ["PL302"] = (0.42, 0.48),
        ["PL305"] = (0.48, 0.98),
    };

    // Rules no pair is labelled with: every change of theirs is a false alarm; their count only goes down.
    private static readonly Dictionary<string, int> FalseAlarmCeilings = new()
    {
        ["PL303"] = 6,
        ["PL304"] = 0,
    };

    private static string Changes => Path.Combine(TestPaths.Eval, "changes");

    private static string PairsFile => Path.Combine(Changes, "pairs.json");

    /// <summary>The texts re-created by scripts/change-pairs.sh: $POLICYLSP_CHANGE_TEXTS, else eval/changes/texts; null when absent.</summary>
    private static string? Texts =>
        Environment.GetEnvironmentVariable("POLICYLSP_CHANGE_TEXTS") is { Length: > 0 } env
            ? (Directory.Exists(env) ? env : null)
            : Directory.Exists(Path.Combine(Changes, "texts")) ? Path.Combine(Changes, "texts") : null;

    private const string NoTexts = "the change-pair texts are not re-created: run bash scripts/change-pairs.sh (needs the Open Terms Archive mirrors)";

    private static string[] Reserved => ReservedServices.Names;

    [Fact]
    public void The_pairs_are_real_consecutive_versions_of_allowed_services_with_labels_in_range()
    {
        var set = ChangePairSet.Load(PairsFile);
        Assert.True(set.Pairs.Count >= 20, $"{set.Pairs.Count} pairs");
        Assert.True(set.Pairs.Count(p => p.Labels.Any(l => l.Rule == "PL301")) >= 8, "at least 8 pairs add an AI-training use");

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Eval, "external", "sources.json")));
        var testSplit = manifest.RootElement.GetProperty("documents").EnumerateArray()
            .Where(d => d.GetProperty("split").GetString() == "test")
            .Select(d => d.GetProperty("service").GetString()!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in set.Pairs)
        {
            var name = (pair.Service + " " + pair.Path).ToLowerInvariant();
            Assert.DoesNotContain(Reserved, r => name.Split(' ', '/', '-', '.', '_').Contains(r));
            Assert.DoesNotContain(pair.Service, testSplit);
            Assert.Matches("^[0-9a-f]{40}$", pair.Old.Commit);
            Assert.Matches("^[0-9a-f]{40}$", pair.New.Commit);
            Assert.Matches("^[0-9a-f]{40}$", pair.Old.Blob);
            Assert.Matches("^[0-9a-f]{40}$", pair.New.Blob);
            Assert.NotEqual(pair.Old.Blob, pair.New.Blob);
        }
    }

    [Fact]
    public void The_pairs_file_has_a_hash_recorded_in_the_evaluation_document()
    {
        // Labels are written before the engine runs; each later correction is listed with its reason and the new hash.
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(PairsFile)));
        Assert.True(
            File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "evaluation.md")).Contains(hash, StringComparison.Ordinal),
            $"eval/changes/pairs.json ({hash}) changed: list the correction and its reason in docs/evaluation.md and record the new hash");
    }

    [Fact]
    public void A_malformed_pairs_file_is_refused_with_a_reason()
    {
        var error = Assert.Throws<EvaluationDataException>(() => ChangePairSet.Parse("""{ "pairs": [ { "id": "a", "files": { "old": "a/old.md", "new": "a/new.md" }, "labels": [ { "rule": "PL399", "line": 3 } ] } ] }"""));
        Assert.Contains("PL399", error.Message, StringComparison.Ordinal);
        Assert.Throws<EvaluationDataException>(() => ChangePairSet.Parse("{ \"description\": \"no pairs\" }"));
        Assert.Throws<EvaluationDataException>(() => ChangePairsEvaluator.Evaluate(PairsFile, Path.Combine(Changes, "no-such-folder")));
    }

    [SkippableFact]
    public void The_real_pairs_score_at_least_their_floors_and_each_version_compared_with_itself_has_no_change()
    {
        Skip.If(Texts is null, NoTexts);
        var result = ChangePairsEvaluator.Evaluate(PairsFile, Texts!);
        output.WriteLine($"{result.Pairs} pairs of {result.Services} services, {result.Labels} labels");
        foreach (var rule in result.Rules)
        {
            output.WriteLine($"{rule.Rule}: {rule.Score} precision {rule.Score.Precision:0.00} recall {rule.Score.Recall:0.00}");
        }

        foreach (var mismatch in result.Mismatches)
        {
            output.WriteLine(mismatch.ToString());
        }

        foreach (var change in result.SelfDiffChanges)
        {
            output.WriteLine("self-diff " + change);
        }

        Assert.Equal(64, result.SelfDiffDocuments);
        Assert.True(result.SelfDiffClean, $"{result.SelfDiffChanges.Count} change(s) when a version is compared with itself: {string.Join("; ", result.SelfDiffChanges.Take(3))}");
        foreach (var (rule, (precision, recall)) in Floors)
        {
            var score = result.For(rule);
            Assert.True(score.Precision >= precision, $"{rule} precision {score.Precision:0.00} < {precision}");
            Assert.True(score.Recall >= recall, $"{rule} recall {score.Recall:0.00} < {recall}");
        }

        foreach (var (rule, ceiling) in FalseAlarmCeilings)
        {
            Assert.True(result.For(rule).FalsePositives <= ceiling, $"{rule}: {result.For(rule).FalsePositives} false changes > {ceiling}");
        }
    }
}
