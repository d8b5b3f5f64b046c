using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Text;
using Xunit.Abstractions;

namespace PolicyLsp.Analysis.Tests.Corpus;

/// <summary>The engine over every real policy in ../shared/corpus/real, scored against our own labels.</summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    // Floors only go up as detection improves.
    private const double ClausePrecisionFloor = 0.87;
    private const double ClauseRecallFloor = 0.72;

    private static readonly string[] RequiredRegions = ["EU", "EEA", "UK", "CH"];

    [Fact]
    public void Every_labelled_document_exists_and_every_corpus_document_is_labelled()
    {
        var labels = CorpusLabels.Load();
        var onDisk = CorpusFiles().Select(f => Path.GetRelativePath(TestPaths.Corpus, f).Replace('\\', '/')).ToHashSet();
        Assert.Equal(onDisk.OrderBy(x => x), labels.Documents.Select(d => d.File).OrderBy(x => x));
    }

    [Fact]
    public void Every_corpus_document_is_analysed_without_error()
    {
        foreach (var file in CorpusFiles())
        {
            Assert.True(DocumentReader.TryRead(file, out var text, out var error), error);
            var result = PolicyAnalyzer.Analyze(text);
            foreach (var finding in result.Findings)
            {
                Assert.InRange(finding.Span.Start, 0, text.Length);
                Assert.InRange(finding.Span.End, finding.Span.Start, text.Length);
                Assert.False(string.IsNullOrWhiteSpace(finding.Message));
            }
        }
    }

    [Fact]
    public void Clause_detection_meets_the_precision_and_recall_floors()
    {
        var score = Score();
        foreach (var line in score.Report)
        {
            output.WriteLine(line);
        }

        output.WriteLine($"clauses: precision {score.Precision:0.00}, recall {score.Recall:0.00} (tp {score.TruePositives}, fp {score.FalsePositives}, fn {score.FalseNegatives})");
        Assert.True(score.Precision >= ClausePrecisionFloor, $"precision {score.Precision:0.00} < {ClausePrecisionFloor}");
        Assert.True(score.Recall >= ClauseRecallFloor, $"recall {score.Recall:0.00} < {ClauseRecallFloor}");
    }

    [Fact]
    public void Documents_labelled_with_no_clauses_get_no_findings()
    {
        var labels = CorpusLabels.Load();
        var words = 0;
        var falseFindings = new List<string>();
        foreach (var doc in labels.Documents.Where(d => d.Clauses.Count == 0))
        {
            var text = File.ReadAllText(Path.Combine(TestPaths.Corpus, doc.File));
            var result = PolicyAnalyzer.Analyze(text);
            words += doc.Words;
            falseFindings.AddRange(result.Findings.Select(f => $"{doc.File}:{result.Document.Source.GetPosition(f.Span.Start).Line + 1} {f.Code}"));
        }

        var per10K = falseFindings.Count * 10_000.0 / Math.Max(1, words);
        output.WriteLine($"{falseFindings.Count} findings in {words} words of clause-free policies = {per10K:0.00} per 10,000 words");
        foreach (var f in falseFindings)
        {
            output.WriteLine("  " + f);
        }

        Assert.True(per10K <= 0.5, $"{per10K:0.00} false findings per 10,000 words:\n{string.Join("\n", falseFindings)}");
    }

    internal sealed record ClauseScore(int TruePositives, int FalsePositives, int FalseNegatives, List<string> Report)
    {
        public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

        public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
    }

    internal static ClauseScore Score()
    {
        var labels = CorpusLabels.Load();
        int tp = 0, fp = 0, fn = 0;
        var report = new List<string>();
        foreach (var doc in labels.Documents)
        {
            var text = File.ReadAllText(Path.Combine(TestPaths.Corpus, doc.File));
            var result = PolicyAnalyzer.Analyze(text);
            var found = result.Context.Clauses
                .Select(c => (Line: result.Document.Source.GetPosition(c.Sentence.Span.Start).Line + 1, Family: c.Family == ClauseFamily.AiTraining ? "ai" : "optin"))
                .Distinct()
                .ToList();
            var expected = doc.Clauses.Select(c => (c.Line, c.Family)).Distinct().ToList();
            foreach (var e in expected)
            {
                if (found.Contains(e))
                {
                    tp++;
                }
                else
                {
                    fn++;
                    report.Add($"miss {doc.File}:{e.Line} {e.Family}");
                }
            }

            foreach (var f in found.Where(f => !expected.Contains(f)))
            {
                fp++;
                report.Add($"false {doc.File}:{f.Line} {f.Family}");
            }
        }

        return new ClauseScore(tp, fp, fn, report);
    }

    private static IEnumerable<string> CorpusFiles() =>
        Directory.EnumerateFiles(TestPaths.Corpus, "*.md", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}_licenses{Path.DirectorySeparatorChar}") && Path.GetFileName(f) != "SOURCES.md")
            .OrderBy(f => f, StringComparer.Ordinal);
}
