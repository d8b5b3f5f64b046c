using CsCheck;
using PolicyLsp.Analysis.Parsing;

namespace PolicyLsp.Analysis.Tests;

/// <summary>
/// Random documents of Markdown's awkward lines, edited at random with one cache throughout: after every edit the
/// chunked parse equals a whole parse, and a re-analysis with the cache finds what a fresh analysis finds.
/// </summary>
public sealed class ChunkedParseProperties
{
    private static readonly string[] Lines =
    [
        "# Heading", "## Sub heading", "### Deeper", "#not a heading", "We use your posts to train our AI models by default.",
        "You can opt out in Settings.", "Users in the EU and UK are not included.", "", "", "- a list item", "  continued item",
        "> a quote", "```", "~~~", "<div>", "</div>", "<!-- policylsp-disable-next-line PL101 -->", "| Data | Use |",
        "|---|---|", "[eea]: https://example.com/eea", "See [the notice][eea].", "---", "    indented code", "1. first",
        "Setext title", "======", "text with `code` and [a link](https://example.com)", "<table><tr><td>We share data</td></tr></table>",
    ];

    private static readonly Gen<string[]> DocumentGen = Gen.Int[0, Lines.Length - 1].Array[5, 60].Select(picks => picks.Select(i => Lines[i]).ToArray());

    // An edit: at a line, insert one of the lines, delete the line, or type a character into it.
    private static readonly Gen<(int Kind, int Line, int Pick, int Column)> EditGen =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 1000], Gen.Int[0, Lines.Length - 1], Gen.Int[0, 40]);

    private static readonly string[] Typed = ["#", "`", "<", ">", "-", "\n", " ", "x", "|", "["];

    [Fact]
    public void Random_edits_keep_the_chunked_parse_equal_to_a_whole_parse()
    {
        Gen.Select(DocumentGen, EditGen.Array[1, 15], Gen.Int[1, 200]).Sample(
            scenario =>
            {
                var (document, edits, minLength) = scenario;
                var lines = document.ToList();
                var cache = new ParseCache(minLength);
                var analyses = new AnalysisCache();
                foreach (var (kind, line, pick, column) in edits)
                {
                    var at = line % (lines.Count + 1);
                    switch (kind)
                    {
                        case 0:
                            lines.Insert(at, Lines[pick]);
                            break;
                        case 1 when at < lines.Count:
                            lines.RemoveAt(at);
                            break;
                        default:
                            if (at < lines.Count)
                            {
                                var text = lines[at];
                                lines[at] = text.Insert(Math.Min(column, text.Length), Typed[pick % Typed.Length]);
                            }

                            break;
                    }

                    var version = string.Join("\n", lines) + "\n";
                    var whole = ChunkedParseTests.Describe(PolicyParser.Parse(version)).ToList();
                    var chunked = ChunkedParseTests.Describe(PolicyParser.Parse(version, cache)).ToList();
                    Assert.Equal(whole, chunked);
                    Assert.Equal(Findings(PolicyAnalyzer.Analyze(version)), Findings(PolicyAnalyzer.Analyze(version, cache: analyses)));
                }
            },
            iter: 400);
    }

    private static List<string> Findings(AnalysisResult result) =>
        [.. result.Findings.Select(f => $"{f.Code}@{f.Span.Start}-{f.Span.End}: {f.Message}")];
}
