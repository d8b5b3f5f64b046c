using System.Text.RegularExpressions;

namespace PolicyLsp.Analysis.Tests;

/// <summary>
/// Each fixture holds its own expectations: <c>&lt;!-- expect: PL101 PL102 --&gt;</c> on a line means exactly those
/// findings start on that line; lines without a marker must have none.
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

        var result = PolicyAnalyzer.Analyze(text);
        var actual = new SortedSet<string>(
            result.Findings.Select(f => $"{result.Document.Source.GetPosition(f.Span.Start).Line + 1}:{f.Code}"),
            StringComparer.Ordinal);
        Assert.Equal(expected, actual);
    }

    [GeneratedRegex("<!-- expect:([A-Z0-9 ]*)-->")]
    private static partial Regex ExpectMarker();
}
