using System.Text.RegularExpressions;

namespace PolicyLsp.Analysis.Tests;

/// <summary>
/// Each fixture holds its own expectations: <c>&lt;!-- expect: PL101 PL102 --&gt;</c> on a line means exactly those
/// findings start on that line; lines without a marker must have none. <c>FIXTURE.md.previous</c>, when present, is
/// the earlier version the fixture is compared with (the PL3xx rules).
/// </summary>
public sealed partial class FixtureTests
{
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(TestPaths.Fixtures, "*.md").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Findings_match_the_inline_expectations(string fixture)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Fixtures, fixture));
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var marker = ExpectMarker().Match(lines[i]);
            if (marker.Success)
            {
                foreach (var code in marker.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    expected.Add($"{i + 1}:{code}");
                }
            }
        }

        // A material-change fixture sits beside its earlier version (FIXTURE.md.previous), which the PL3xx rules compare it with.
        var earlier = Path.Combine(TestPaths.Fixtures, fixture + ".previous");
        var previous = File.Exists(earlier) ? new PreviousVersion(PolicyAnalyzer.Analyze(File.ReadAllText(earlier)), "the earlier version") : null;
        var result = PolicyAnalyzer.Analyze(text, previous: previous);
        var actual = new SortedSet<string>(
            result.Findings.Select(f => $"{result.Document.Source.GetPosition(f.Span.Start).Line + 1}:{f.Code}"),
            StringComparer.Ordinal);
        Assert.Equal(string.Join(" ", expected), string.Join(" ", actual));
    }

    [GeneratedRegex("<!-- expect:([A-Z0-9 ]*)-->")]
    private static partial Regex ExpectMarker();
}
