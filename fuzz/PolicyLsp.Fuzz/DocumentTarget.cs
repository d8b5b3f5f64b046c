using PolicyLsp.Analysis;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Text;
using PolicyLsp.Cli;

namespace PolicyLsp.Fuzz;

/// <summary>
/// Fuzz target <c>document</c>: file bytes → the CLI's decoding → the engine → the CLI's text and SARIF reports.
/// Refusing the bytes (binary, not UTF-8) is a documented outcome; any exception is a bug.
/// </summary>
public static class DocumentTarget
{
    public static void Run(byte[] input)
    {
        if (!DocumentReader.TryDecode(input, out var text, out _))
        {
            return;
        }

        // The same text as a .policylsp.json: config problems are reported, not thrown.
        var problems = new List<AnalysisProblem>();
        var config = ConfigReader.Parse(text, "fuzz.policylsp.json", PolicyConfig.Default, problems);

        var result = PolicyAnalyzer.Analyze(text, config, problems);
        CheckSpans(result);
        CheckIncremental(text, config, result);

        IReadOnlyList<CheckCommand.FileReport> reports = [new CheckCommand.FileReport("fuzz.md", result, null)];
        TextReport.Write(TextWriter.Null, reports, Severity.Hint);
        SarifReport.Write(TextWriter.Null, reports, problems, Severity.Hint);
    }

    /// <summary>
    /// The editor's path: the document typed in two steps with one cache (chunks parsed once, clauses and matches kept)
    /// must find exactly what a fresh analysis finds.
    /// </summary>
    private static void CheckIncremental(string text, PolicyConfig config, AnalysisResult fresh)
    {
        var cache = new AnalysisCache();
        PolicyAnalyzer.Analyze(text[..(text.Length / 2)], config, cache: cache);
        var cached = PolicyAnalyzer.Analyze(text, config, cache: cache);
        if (!Describe(cached).SequenceEqual(Describe(fresh)))
        {
            throw new InvalidOperationException("an analysis with the editor's cache differs from a fresh analysis");
        }

        static IEnumerable<string> Describe(AnalysisResult result) =>
            result.Findings.Select(f => $"{f.Code} {f.Span} {f.Message}");
    }

    /// <summary>Every offset a finding hands to the front ends must lie inside the document.</summary>
    private static void CheckSpans(AnalysisResult result)
    {
        var length = result.Source.Length;
        foreach (var finding in result.Findings)
        {
            CheckSpan(finding.Span, length, finding.Code);
            foreach (var related in finding.Related.Where(r => r.Uri is null))
            {
                CheckSpan(related.Span, length, finding.Code + " related location");
            }

            foreach (var insertion in finding.Fixes.SelectMany(f => f.Insertions))
            {
                if (insertion.Offset < 0 || insertion.Offset > length)
                {
                    throw new InvalidOperationException($"{finding.Code} fix inserts at {insertion.Offset}, outside a document of {length} chars");
                }
            }
        }
    }

    private static void CheckSpan(TextSpan span, int length, string what)
    {
        if (span.Start < 0 || span.Start > span.End || span.End > length)
        {
            throw new InvalidOperationException($"{what} span [{span.Start}, {span.End}) is outside a document of {length} chars");
        }
    }
}
