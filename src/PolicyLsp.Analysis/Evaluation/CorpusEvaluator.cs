using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Analysis.Evaluation;

/// <summary>
/// How often a rule's finding on a detected clause agrees with the labels. A finding is the positive:
/// precision is the share of findings the labels agree with, recall the share of labelled gaps the rule flags.
/// </summary>
public sealed record RuleAgreement(string Rule, string Family, string Judgement, Score Score);

/// <summary>Findings on the documents labelled as having no clauses: each is a false alarm.</summary>
public sealed record CleanDocumentResult(int Documents, int Words, IReadOnlyList<Mismatch> Findings)
{
    public double FalseFindingsPer10KWords => Findings.Count * 10_000.0 / Math.Max(1, Words);
}

/// <summary>
/// How many lines hold a sentence with a family's words that one step of the classifier turned down, split by what the
/// line is: a labelled clause the engine misses (at most what lifting the step could find: a later step may turn the
/// sentence down too), a line the labels leave out (a false alarm if the step were lifted), or a line already found.
/// </summary>
public sealed record RejectionCount(string Family, string Reason, int Missed, int Unlabelled, int Found);

/// <summary>
/// One line counted in a <see cref="RejectionCount"/>: where it is, what it is ("missed", "unlabelled" or "found"), the
/// step that turned its sentence down, and the sentence's first words. For tuning on the dev split: the lines behind
/// each count.
/// </summary>
public sealed record RejectedLine(string Family, string Reason, string Where, string Line, string Excerpt);

/// <summary>
/// How many clauses the engine found by the vocabulary that made each one a clause (the same wording as a false alarm's
/// cause): hits on a labelled line, and false alarms. An audit of each trigger's precision, for tuning on the dev split.
/// </summary>
public sealed record TriggerCount(string Family, string Trigger, int Hits, int FalseAlarms);

public sealed record CorpusResult(
    int Documents,
    int LabelledClauses,
    IReadOnlyList<FamilyScore> Families,
    IReadOnlyList<Mismatch> Mismatches,
    IReadOnlyList<RuleAgreement> Agreement,
    IReadOnlyList<Mismatch> Disagreements,
    CleanDocumentResult CleanDocuments,
    IReadOnlyList<string> UnlabelledFiles,
    IReadOnlyList<RejectionCount>? Rejections = null,
    IReadOnlyList<TriggerCount>? Triggers = null,
    IReadOnlyList<RejectedLine>? RejectedLines = null)
{
    public Score Overall => Families.Aggregate(Score.Zero, (sum, f) => sum + f.Score);

    public Score For(string family) => Families.First(f => f.Family == family).Score;

    public Score AgreementFor(string rule) => Agreement.First(a => a.Rule == rule).Score;
}

/// <summary>
/// Scores the engine on the labelled real corpus: clause detection per family (a clause is its sentence's start
/// line and family), then, on the clauses it detects, whether its carve-out and plain-language findings agree
/// with the labels' covered regions and plain flag.
/// </summary>
public static class CorpusEvaluator
{
    /// <summary>The regions the labels' <c>covered</c> lists are judged against: the default setting.</summary>
    public static IReadOnlyList<string> RequiredRegions => PolicyConfig.Default.RequiredRegions;

    /// <summary>The policies of a corpus folder, relative and with '/': every *.md except licences and SOURCES.md.</summary>
    public static IReadOnlyList<string> DocumentsIn(string corpusDirectory) =>
        Directory.EnumerateFiles(corpusDirectory, "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(corpusDirectory, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("_licenses/", StringComparison.Ordinal) && f != "SOURCES.md")
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();

    /// <param name="rejections">Also count, per step of the classifier, the sentences it turned down
    /// (<see cref="RejectionCount"/>): an audit of each step against the labels, for tuning on the dev split.</param>
    public static CorpusResult Evaluate(CorpusLabels labels, string corpusDirectory, bool rejections = false)
    {
        if (!Directory.Exists(corpusDirectory))
        {
            throw new EvaluationDataException($"corpus folder not found: {corpusDirectory}");
        }

        var detection = EvaluationFamilies.All.ToDictionary(f => f, _ => Score.Zero);
        var agreement = EvaluationFamilies.All
            .SelectMany(f => new[] { EvaluationFamilies.CarveOutRule(f), EvaluationFamilies.PlainLanguageRule(f) })
            .ToDictionary(r => r.Code, _ => Score.Zero);
        var mismatches = new List<Mismatch>();
        var disagreements = new List<Mismatch>();
        var cleanFindings = new List<Mismatch>();
        int cleanDocuments = 0, cleanWords = 0;
        var turnedDown = rejections ? new Dictionary<(string Family, string Reason), (int Find, int False, int Found)>() : null;
        var rejectedLines = rejections ? new List<RejectedLine>() : null;
        var triggers = rejections ? new Dictionary<(string Family, string Trigger), (int Hits, int False)>() : null;
        foreach (var document in labels.Documents)
        {
            var result = PolicyAnalyzer.Analyze(Read(corpusDirectory, document.File));
            var found = result.Context.Clauses
                .Select(c => (Line: LineOf(result, c.Sentence.Span.Start), Family: EvaluationFamilies.Of(c.Family), c.Sentence, Clause: c))
                .DistinctBy(c => (c.Line, c.Family))
                .ToList();
            var expected = document.Clauses.DistinctBy(c => (c.Line, c.Family)).ToList();
            // A found clause's cause is worked out once, for its false alarm and for the trigger audit alike.
            var causes = new Dictionary<Clause, string>(ReferenceEqualityComparer.Instance);
            string CauseOf(Clause clause) =>
                causes.TryGetValue(clause, out var cause) ? cause : causes[clause] = MismatchCauses.OfFalseAlarm(result, clause);
            foreach (var clause in expected)
            {
                var isFound = found.Any(f => f.Line == clause.Line && f.Family == clause.Family);
                detection[clause.Family] = detection[clause.Family].Add(true, isFound);
                if (!isFound)
                {
                    var cause = MismatchCauses.OfMiss(result, clause.Line, clause.Family, offset => LineOf(result, offset));
                    mismatches.Add(new Mismatch(MismatchKind.Miss, $"{document.File}:{clause.Line}", clause.Family, ExcerptAt(result, clause.Line), Cause: cause));
                    continue;
                }

                Judge(result, document.File, clause, agreement, disagreements);
            }

            foreach (var clause in found.Where(f => !expected.Any(e => e.Line == f.Line && e.Family == f.Family)))
            {
                detection[clause.Family] = detection[clause.Family].Add(false, true);
                mismatches.Add(new Mismatch(
                    MismatchKind.FalseAlarm, $"{document.File}:{clause.Line}", clause.Family, Mismatch.Shorten(clause.Sentence.Text), Cause: CauseOf(clause.Clause)));
            }

            if (turnedDown is not null && triggers is not null)
            {
                CountRejections(result, document.File, expected, found.Select(f => (f.Line, f.Family)).ToHashSet(), turnedDown, rejectedLines!);
                foreach (var clause in found)
                {
                    var key = (clause.Family, CauseOf(clause.Clause));
                    var count = triggers.GetValueOrDefault(key);
                    triggers[key] = expected.Exists(e => e.Line == clause.Line && e.Family == clause.Family)
                        ? count with { Hits = count.Hits + 1 } : count with { False = count.False + 1 };
                }
            }

            if (document.Clauses.Count == 0)
            {
                cleanDocuments++;
                cleanWords += document.Words;
                cleanFindings.AddRange(result.Findings.Select(f =>
                    new Mismatch(MismatchKind.FalseAlarm, $"{document.File}:{LineOf(result, f.Span.Start)}", f.Code, ExcerptOf(result, f))));
            }
        }

        var labelled = labels.Documents.Select(d => d.File).ToHashSet(StringComparer.Ordinal);
        return new CorpusResult(
            labels.Documents.Count,
            labels.Documents.Sum(d => d.Clauses.DistinctBy(c => (c.Line, c.Family)).Count()),
            EvaluationFamilies.All.Select(f => new FamilyScore(f, detection[f])).ToList(),
            mismatches,
            EvaluationFamilies.All
                .SelectMany(f => new[]
                {
                    new RuleAgreement(EvaluationFamilies.CarveOutRule(f).Code, f, "region carve-out", agreement[EvaluationFamilies.CarveOutRule(f).Code]),
                    new RuleAgreement(EvaluationFamilies.PlainLanguageRule(f).Code, f, "plain language", agreement[EvaluationFamilies.PlainLanguageRule(f).Code]),
                })
                .ToList(),
            disagreements,
            new CleanDocumentResult(cleanDocuments, cleanWords, cleanFindings),
            DocumentsIn(corpusDirectory).Where(f => !labelled.Contains(f)).ToList(),
            turnedDown?.Select(r => new RejectionCount(r.Key.Family, r.Key.Reason, r.Value.Find, r.Value.False, r.Value.Found))
                .OrderByDescending(r => r.Missed + r.Unlabelled + r.Found).ThenBy(r => r.Family, StringComparer.Ordinal)
                .ThenBy(r => r.Reason, StringComparer.Ordinal).ToList(),
            triggers?.Select(t => new TriggerCount(t.Key.Family, t.Key.Trigger, t.Value.Hits, t.Value.False))
                .OrderBy(t => t.Family, StringComparer.Ordinal).ThenByDescending(t => t.Hits + t.FalseAlarms)
                .ThenBy(t => t.Trigger, StringComparer.Ordinal).ToList(),
            rejectedLines);
    }

    /// <summary>
    /// Each line with a sentence that has a family's words and no clause of it, once per step that turned such a sentence
    /// down: would lifting the step find a labelled clause the engine misses, add a false alarm, or change nothing?
    /// </summary>
    private static void CountRejections(
        AnalysisResult result,
        string file,
        List<LabelledClause> expected,
        HashSet<(int Line, string Family)> found,
        Dictionary<(string Family, string Reason), (int Find, int False, int Found)> counts,
        List<RejectedLine> lines)
    {
        var seen = new HashSet<(int Line, string Family, string Reason)>();
        foreach (var sentence in result.Document.Sentences)
        {
            Clauses.Rejections? why = null;
            foreach (var descriptor in Rules.FamilyDescriptor.All)
            {
                if (result.Context.ReasonNotClause(sentence, descriptor, ref why) is not { } reason)
                {
                    continue;
                }

                var (family, line) = (EvaluationFamilies.Of(descriptor.Family), LineOf(result, sentence.Span.Start));
                if (!seen.Add((line, family, reason)))
                {
                    continue;
                }

                var count = counts.GetValueOrDefault((family, reason));
                var what = found.Contains((line, family)) ? "found" : expected.Exists(e => e.Line == line && e.Family == family) ? "missed" : "unlabelled";
                counts[(family, reason)] = what switch
                {
                    "found" => count with { Found = count.Found + 1 },
                    "missed" => count with { Find = count.Find + 1 },
                    _ => count with { False = count.False + 1 },
                };
                lines.Add(new RejectedLine(family, reason, $"{file}:{line}", what, Mismatch.Shorten(sentence.Text)));
            }
        }
    }

    /// <summary>On a detected clause: does the engine's PL101/PL201 and PL102/PL202 finding match the labels' covered and plain?</summary>
    private static void Judge(AnalysisResult result, string file, LabelledClause clause, Dictionary<string, Score> agreement, List<Mismatch> disagreements)
    {
        var uncovered = RequiredRegions.Where(r => !clause.Covered.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
        var checks = new[]
        {
            (Rule: EvaluationFamilies.CarveOutRule(clause.Family), Expected: uncovered.Count > 0,
                Label: uncovered.Count > 0 ? $"label: no carve-out for {string.Join(", ", uncovered)}" : "label: carve-out for all required regions"),
            (Rule: EvaluationFamilies.PlainLanguageRule(clause.Family), Expected: !clause.Plain,
                Label: clause.Plain ? "label: plain-language disclosure present" : "label: no plain-language disclosure"),
        };
        foreach (var (rule, expected, label) in checks)
        {
            var finding = result.Findings.FirstOrDefault(f => f.Code == rule.Code && LineOf(result, f.Span.Start) == clause.Line);
            agreement[rule.Code] = agreement[rule.Code].Add(expected, finding is not null);
            if (expected != (finding is not null))
            {
                disagreements.Add(new Mismatch(
                    expected ? MismatchKind.Miss : MismatchKind.FalseAlarm,
                    $"{file}:{clause.Line}",
                    rule.Code,
                    finding is not null ? ExcerptOf(result, finding) : ExcerptAt(result, clause.Line),
                    label));
            }
        }
    }

    private static string Read(string corpusDirectory, string file)
    {
        var path = Path.Combine(corpusDirectory, file);
        if (!File.Exists(path))
        {
            throw new EvaluationDataException($"labelled document not found in the corpus: {path}");
        }

        return DocumentReader.TryRead(path, out var text, out var error)
            ? text
            : throw new EvaluationDataException($"{path}: {error}");
    }

    private static int LineOf(AnalysisResult result, int offset) => result.Document.Source.GetPosition(offset).Line + 1;

    private static string ExcerptOf(AnalysisResult result, Finding finding)
    {
        var sentence = result.Document.Sentences.FirstOrDefault(s => s.Span == finding.Span);
        return Mismatch.Shorten(sentence?.Text ?? result.Document.Source.Slice(finding.Span));
    }

    /// <summary>The first sentence starting on a 1-based line, else the one running through it, else the line itself.</summary>
    private static string ExcerptAt(AnalysisResult result, int line)
    {
        var source = result.Document.Source;
        var start = source.LineStart(line - 1);
        Sentence? sentence = result.Document.Sentences.FirstOrDefault(s => LineOf(result, s.Span.Start) == line)
            ?? result.Document.Sentences.FirstOrDefault(s => s.Span.Contains(start));
        if (sentence is not null)
        {
            return Mismatch.Shorten(sentence.Text);
        }

        return line - 1 < source.LineCount ? Mismatch.Shorten(source.Slice(new TextSpan(start, source.LineEnd(line - 1)))) : string.Empty;
    }
}
