using System.Runtime.CompilerServices;

namespace PolicyLsp.Analysis.Tests;

/// <summary>The server keeps every open document's findings, not its parse: findings must not hold the parse alive.</summary>
public sealed class FindingLifetimeTests
{
    [Fact]
    public void Kept_findings_with_their_fixes_do_not_keep_the_parsed_document_alive()
    {
        var (findings, document) = AnalyzeAndKeepOnlyFindings();
        for (var i = 0; i < 3 && document.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.NotEmpty(f.Fixes));
        Assert.False(document.IsAlive, "a finding (or its fixes) still references the analysis");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (IReadOnlyList<Findings.Finding> Findings, WeakReference Document) AnalyzeAndKeepOnlyFindings()
    {
        var text = "# Privacy\n\n## Training\n\n" + string.Concat(Enumerable.Repeat("We may use your posts to train our AI models.\n\n", 20));
        var result = PolicyAnalyzer.Analyze(text);
        return (result.Findings, new WeakReference(result.Document));
    }
}
