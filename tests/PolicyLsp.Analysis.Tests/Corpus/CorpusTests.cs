using PolicyLsp.Analysis.Evaluation;
using PolicyLsp.Analysis.Text;
using Xunit.Abstractions;

namespace PolicyLsp.Analysis.Tests.Corpus;

/// <summary>The engine over every real policy in ../shared/corpus/real, scored against eval/corpus-labels.json.</summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    // Floors only go up as detection improves.
    private const double ClausePrecisionFloor = 0.98;
    private const double ClauseRecallFloor = 0.87;
    private const double FalseFindingsPer10KWordsCeiling = 0.5;

    // On detected clauses, a rule's finding against the labels' covered regions and plain flag (measured − 0.02).
    public static readonly TheoryData<string, double, double> JudgementFloors = new()
    {
        { "PL101", 0.98, 0.98 },
        { "PL102", 0.98, 0.98 },
        { "PL201", 0.98, 0.91 },
        { "PL202", 0.50, 0.98 },
    };

    private static readonly Lazy<CorpusResult> Evaluated = new(() =>
        CorpusEvaluator.Evaluate(CorpusLabels.Load(LabelsPath), TestPaths.Corpus));

    private static string LabelsPath => Path.Combine(TestPaths.Eval, "corpus-labels.json");

    [SkippableFact]
    public void Every_labelled_document_exists_and_every_corpus_document_is_labelled()
    {
        Skip.IfNot(TestPaths.HasCorpus, TestPaths.NoCorpus);
        var labels = CorpusLabels.Load(LabelsPath);
        Assert.Equal(CorpusEvaluator.DocumentsIn(TestPaths.Corpus), labels.Documents.Select(d => d.File).OrderBy(x => x, StringComparer.Ordinal));
    }

    [SkippableFact]
    public void Every_corpus_document_is_analysed_without_error()
    {
        Skip.IfNot(TestPaths.HasCorpus, TestPaths.NoCorpus);
        foreach (var file in CorpusEvaluator.DocumentsIn(TestPaths.Corpus))
        {
            Assert.True(DocumentReader.TryRead(Path.Combine(TestPaths.Corpus, file), out var text, out var error), error);
            var result = PolicyAnalyzer.Analyze(text);
            foreach (var finding in result.Findings)
            {
                Assert.InRange(finding.Span.Start, 0, text.Length);
                Assert.InRange(finding.Span.End, finding.Span.Start, text.Length);
                Assert.False(string.IsNullOrWhiteSpace(finding.Message));
            }
        }
    }

    [SkippableFact]
    public void Clause_detection_meets_the_precision_and_recall_floors()
    {
        Skip.IfNot(TestPaths.HasCorpus, TestPaths.NoCorpus);
        var result = Evaluated.Value;
        foreach (var mismatch in result.Mismatches)
        {
            output.WriteLine(mismatch.ToString());
        }

        foreach (var family in result.Families)
        {
            output.WriteLine(Describe(family.Family, family.Score));
        }

        var score = result.Overall;
        output.WriteLine(Describe("all", score));
        Assert.True(score.Precision >= ClausePrecisionFloor, $"precision {score.Precision:0.00} < {ClausePrecisionFloor}");
        Assert.True(score.Recall >= ClauseRecallFloor, $"recall {score.Recall:0.00} < {ClauseRecallFloor}");
    }

    [SkippableTheory]
    [MemberData(nameof(JudgementFloors))]
    public void Carve_out_and_plain_language_judgements_on_detected_clauses_meet_their_floors(string rule, double precisionFloor, double recallFloor)
    {
        Skip.IfNot(TestPaths.HasCorpus, TestPaths.NoCorpus);
        var result = Evaluated.Value;
        foreach (var disagreement in result.Disagreements.Where(d => d.Subject == rule))
        {
            output.WriteLine(disagreement.ToString());
        }

        var score = result.AgreementFor(rule);
        output.WriteLine(Describe(rule, score));
        Assert.True(score.Precision >= precisionFloor, $"{rule} precision {score.Precision:0.00} < {precisionFloor}");
        Assert.True(score.Recall >= recallFloor, $"{rule} recall {score.Recall:0.00} < {recallFloor}");
    }

    [SkippableFact]
    public void Documents_labelled_with_no_clauses_get_no_findings()
    {
        Skip.IfNot(TestPaths.HasCorpus, TestPaths.NoCorpus);
        var clean = Evaluated.Value.CleanDocuments;
        output.WriteLine($"{clean.Findings.Count} findings in {clean.Words} words of {clean.Documents} clause-free policies = {clean.FalseFindingsPer10KWords:0.00} per 10,000 words");
        foreach (var finding in clean.Findings)
        {
            output.WriteLine("  " + finding);
        }

        Assert.True(
            clean.FalseFindingsPer10KWords <= FalseFindingsPer10KWordsCeiling,
            $"{clean.FalseFindingsPer10KWords:0.00} false findings per 10,000 words:\n{string.Join("\n", clean.Findings)}");
    }

    private static string Describe(string name, Score s) =>
        $"{name}: precision {s.Precision:0.00}, recall {s.Recall:0.00}, F1 {s.F1:0.00} (tp {s.TruePositives}, fp {s.FalsePositives}, fn {s.FalseNegatives})";
}
