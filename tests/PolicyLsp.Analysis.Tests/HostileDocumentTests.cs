using System.Text;
using PolicyLsp.Analysis.Parsing;

namespace PolicyLsp.Analysis.Tests;

/// <summary>Documents and settings written to exhaust the engine: each is refused or analysed in bounded time and stack.</summary>
public sealed class HostileDocumentTests
{
    private const string Clause = "We may use your posts to train our AI models.";

    [Theory]
    [InlineData("x: ", "[", "]")]
    [InlineData("x:\n", "- ", "")]
    [InlineData("x: ", "{a: ", "}")]
    public void Front_matter_nested_past_the_bound_is_refused_without_overflow(string key, string open, string close)
    {
        // As many levels as fit in the size bound (30,000 lists); before the nesting bound, YamlDotNet's loader
        // recursed once per level.
        var levels = 60_000 / (open.Length + close.Length);
        var yaml = "title: x\n" + key + string.Concat(Enumerable.Repeat(open, levels)) + "a" + string.Concat(Enumerable.Repeat(close, levels)) + "\n";
        Assert.True(yaml.Length <= FrontMatter.MaxLength);
        var result = RunWithSmallStack(() => PolicyAnalyzer.Analyze("---\n" + yaml + "---\n\n" + Clause + "\n"));
        var problem = Assert.Single(result.Problems);
        Assert.Contains($"front matter is nested too deeply (line {(key == "x: " ? 3 : 4)})", problem.Message);
        Assert.Empty(result.Document.FrontMatter.Values);
        Assert.Contains(result.Findings, f => f.Code == "PL101");
    }

    [Fact]
    public void Front_matter_of_100_000_nested_lists_is_refused_without_overflow()
    {
        var text = "---\nx: " + new string('[', 100_000) + new string(']', 100_000) + "\n---\n\n" + Clause + "\n";
        var result = RunWithSmallStack(() => PolicyAnalyzer.Analyze(text));
        Assert.Contains(result.Problems, p => p.Message.StartsWith("front matter is", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.Code == "PL101");
    }

    [Fact]
    public void Front_matter_nested_within_the_bound_is_read()
    {
        var depth = FrontMatter.MaxNesting - 1;
        var text = "---\ntitle: Policy\nx: " + new string('[', depth) + "a" + new string(']', depth) + "\n---\n\n" + Clause + "\n";
        var result = PolicyAnalyzer.Analyze(text);
        Assert.Empty(result.Problems);
        Assert.Equal("Policy", result.Document.FrontMatter.GetString("title"));
    }

    [Fact]
    public void Front_matter_larger_than_the_bound_is_refused_and_the_body_still_analysed()
    {
        var yaml = new StringBuilder("title: Policy\n");
        for (var i = 0; yaml.Length <= FrontMatter.MaxLength; i++)
        {
            yaml.Append("key").Append(i).Append(": some value of a key\n");
        }

        var result = PolicyAnalyzer.Analyze("---\n" + yaml + "---\n\n" + Clause + "\n");
        Assert.Contains(result.Problems, p => p.Message.Contains("front matter is too large"));
        Assert.Empty(result.Document.FrontMatter.Values);
        Assert.NotNull(result.Document.FrontMatter.Span);
        Assert.Contains(result.Findings, f => f.Code == "PL101");
    }

    /// <summary>Runs on a 1 MiB stack, the size of a thread-pool thread, so recursion depth is really tested.</summary>
    private static T RunWithSmallStack<T>(Func<T> work)
    {
        T? value = default;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                value = work();
            }
            catch (Exception ex)
            {
                error = ex;
            }
        }, 1024 * 1024);
        thread.Start();
        thread.Join();
        if (error is not null)
        {
            throw new InvalidOperationException("analysis failed", error);
        }

        return value!;
    }
}
