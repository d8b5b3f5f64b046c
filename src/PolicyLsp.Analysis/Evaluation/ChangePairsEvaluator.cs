using PolicyLsp.Analysis.Changes;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Analysis.Evaluation;

/// <summary>How often the engine's changes of one rule agree with the labels: a hit is a change of that rule on the labelled line.</summary>
public sealed record ChangeRuleScore(string Rule, Score Score);

/// <summary>What one pair was expected to report and what the engine reported, each as "PL301:61" (rule and line).</summary>
public sealed record ChangePairOutcome(string Id, string Service, IReadOnlyList<string> Expected, IReadOnlyList<string> Found)
{
    public bool Agrees => Expected.Order(StringComparer.Ordinal).SequenceEqual(Found.Order(StringComparer.Ordinal), StringComparer.Ordinal);
}

/// <summary>
/// The material-change evaluation on real version pairs: per rule precision and recall, every disagreement, and the
/// changes reported when a version is compared with itself (there must be none).
/// </summary>
public sealed record ChangePairsResult(
    int Pairs,
    int Services,
    int Labels,
    IReadOnlyList<ChangeRuleScore> Rules,
    IReadOnlyList<Mismatch> Mismatches,
    IReadOnlyList<Mismatch> SelfDiffChanges,
    int SelfDiffDocuments,
    IReadOnlyList<ChangePairOutcome> Outcomes)
{
    /// <summary>All rules together.</summary>
    public Score Overall => Rules.Aggregate(Score.Zero, (sum, r) => sum + r.Score);

    public Score For(string rule) => Rules.First(r => r.Rule == rule).Score;

    /// <summary>True when no version compared with itself reported a change.</summary>
    public bool SelfDiffClean => SelfDiffChanges.Count == 0;
}

/// <summary>
/// Scores <see cref="MaterialChanges.Compare"/> against eval/changes/pairs.json on the texts re-created by
/// scripts/change-pairs.sh. Each pair is analysed with default settings, as two files compared with each other. A
/// change counts as the label's when it has the label's rule and its span starts on the labelled line of the new
/// version (the line the clause's sentence starts on). Both versions of every pair are also compared with themselves.
/// </summary>
public static class ChangePairsEvaluator
{
    /// <summary>
    /// Evaluates the pairs of <paramref name="pairsJson"/> (a path to pairs.json, or its JSON text) on the texts in
    /// <paramref name="textsDirectory"/>. Throws <see cref="EvaluationDataException"/> when a file is missing or unreadable.
    /// </summary>
    public static ChangePairsResult Evaluate(string pairsJson, string textsDirectory)
    {
        var set = pairsJson.TrimStart().StartsWith('{') ? ChangePairSet.Parse(pairsJson) : ChangePairSet.Load(pairsJson);
        return Evaluate(set, textsDirectory);
    }

    public static ChangePairsResult Evaluate(ChangePairSet set, string textsDirectory)
    {
        if (!Directory.Exists(textsDirectory))
        {
            throw new EvaluationDataException($"texts folder not found: {textsDirectory} (run bash scripts/change-pairs.sh)");
        }

        var scores = ChangePairSet.Rules.ToDictionary(r => r, _ => Score.Zero, StringComparer.Ordinal);
        var mismatches = new List<Mismatch>();
        var selfDiff = new List<Mismatch>();
        var outcomes = new List<ChangePairOutcome>();
        var selfDiffDocuments = 0;
        foreach (var pair in set.Pairs)
        {
            var oldText = Read(textsDirectory, pair.Files.Old);
            var newText = Read(textsDirectory, pair.Files.New);
            var old = PolicyAnalyzer.Analyze(oldText);
            var current = PolicyAnalyzer.Analyze(newText);
            var changes = MaterialChanges.Compare(old, current);

            var found = changes
                .Select(c => (Rule: RuleOf(c.Kind), Line: LineOf(current, c.Span.Start), Change: c))
                .DistinctBy(c => (c.Rule, c.Line))
                .ToList();
            var expected = pair.Labels.DistinctBy(l => (l.Rule, l.Line)).ToList();
            foreach (var label in expected)
            {
                var hit = found.Any(f => f.Rule == label.Rule && f.Line == label.Line);
                scores[label.Rule] = scores[label.Rule].Add(expected: true, found: hit);
                if (!hit)
                {
                    var near = found.Where(f => f.Rule == label.Rule).Select(f => f.Line).ToList();
                    mismatches.Add(new Mismatch(
                        MismatchKind.Miss,
                        $"{pair.Id}:{label.Line}",
                        label.Rule,
                        label.Note ?? string.Empty,
                        near.Count > 0 ? $"the engine reports {label.Rule} on line(s) {string.Join(", ", near)}" : null));
                }
            }

            foreach (var change in found.Where(f => !expected.Any(l => l.Rule == f.Rule && l.Line == f.Line)))
            {
                scores[change.Rule] = scores[change.Rule].Add(expected: false, found: true);
                mismatches.Add(new Mismatch(
                    MismatchKind.FalseAlarm,
                    $"{pair.Id}:{change.Line}",
                    change.Rule,
                    Mismatch.Shorten(change.Change.What, 120),
                    change.Change.OldSpan is { } oldSpan ? $"matched old line {LineOf(old, oldSpan.Start)}" : "no counterpart in the old version"));
            }

            outcomes.Add(new ChangePairOutcome(
                pair.Id,
                pair.Service,
                expected.Select(l => $"{l.Rule}:{l.Line}").ToList(),
                found.Select(f => $"{f.Rule}:{f.Line}").ToList()));

            // A version compared with itself (analysed afresh, as two files would be): no change at all.
            foreach (var (file, text, result) in new[] { (pair.Files.Old, oldText, old), (pair.Files.New, newText, current) })
            {
                selfDiffDocuments++;
                foreach (var change in MaterialChanges.Compare(result, PolicyAnalyzer.Analyze(text)))
                {
                    selfDiff.Add(new Mismatch(MismatchKind.FalseAlarm, $"{file}:{LineOf(result, change.Span.Start)}", RuleOf(change.Kind), Mismatch.Shorten(change.What, 120)));
                }
            }
        }

        return new ChangePairsResult(
            set.Pairs.Count,
            set.Pairs.Select(p => p.Service).Distinct(StringComparer.OrdinalIgnoreCase).Count(),
            set.Pairs.Sum(p => p.Labels.Count),
            ChangePairSet.Rules.Select(r => new ChangeRuleScore(r, scores[r])).ToList(),
            mismatches,
            selfDiff,
            selfDiffDocuments,
            outcomes);
    }

    /// <summary>The rule code of a change kind (PL301–PL305).</summary>
    public static string RuleOf(ChangeKind kind) => kind switch
    {
        ChangeKind.NewAiTraining => "PL301",
        ChangeKind.NewDefaultOptIn => "PL302",
        ChangeKind.CarveOutNarrowed => "PL303",
        ChangeKind.DisclosureRemoved => "PL304",
        ChangeKind.ChangedWithoutNewDate => "PL305",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static string Read(string textsDirectory, string file)
    {
        var path = Path.Combine(textsDirectory, file);
        if (!File.Exists(path))
        {
            throw new EvaluationDataException($"text of a pair not found: {path} (run bash scripts/change-pairs.sh)");
        }

        return DocumentReader.TryRead(path, out var text, out var error)
            ? text
            : throw new EvaluationDataException($"{path}: {error}");
    }

    private static int LineOf(AnalysisResult result, int offset) => result.Document.Source.GetPosition(offset).Line + 1;
}
