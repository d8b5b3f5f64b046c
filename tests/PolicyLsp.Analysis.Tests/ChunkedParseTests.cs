using PolicyLsp.Analysis.Parsing;

namespace PolicyLsp.Analysis.Tests;

/// <summary>
/// A document parsed in chunks (what an editor's analyses do, re-parsing only the chunk an edit touched) gives exactly
/// the model a whole parse gives: the same sections, blocks, sentences, offsets, links and comments.
/// </summary>
public sealed class ChunkedParseTests
{
    [Fact]
    public void Chunked_parses_of_real_policies_and_fixtures_equal_whole_parses()
    {
        var chunkedDocuments = 0;
        foreach (var (name, text) in TestPaths.PolicyDocuments())
        {
            foreach (var minLength in new[] { 1, 400, ParseCache.DefaultMinChunkLength })
            {
                var cache = new ParseCache(minLength);
                Assert.True(Describe(PolicyParser.Parse(text)).SequenceEqual(Describe(PolicyParser.Parse(text, cache))), $"{name} (chunks of {minLength}+)");
                if (minLength == 1 && cache.LastRun.Parsed > 3)
                {
                    chunkedDocuments++;
                }
            }
        }

        Assert.True(chunkedDocuments >= 10, $"only {chunkedDocuments} documents were read in chunks");
    }

    [Fact]
    public void An_edit_re_parses_only_the_chunk_it_touched()
    {
        var text = string.Join("\n", Enumerable.Range(1, 12).Select(Section));
        var cache = new ParseCache(1);
        PolicyParser.Parse(text, cache);
        Assert.Equal((0, 12), cache.LastRun);

        var edited = text.Replace("Paragraph 7 of", "Paragraph seven of", StringComparison.Ordinal);
        AssertSame(edited, cache);
        Assert.Equal((11, 1), cache.LastRun);

        // Text typed before the first heading moves every chunk; they are reused at their new offsets, and the new
        // preamble is a chunk of its own.
        edited = "Intro.\n\n" + edited;
        AssertSame(edited, cache);
        Assert.Equal((12, 1), cache.LastRun);
    }

    [Fact]
    public void Sections_moved_by_a_whole_text_replacement_are_found_again()
    {
        var sections = Enumerable.Range(1, 10).Select(Section).ToList();
        var cache = new ParseCache(1);
        AssertSame(string.Join("\n", sections), cache);

        // The editor sends the whole text with the first and last sections swapped (a full-document sync).
        (sections[0], sections[^1]) = (sections[^1], sections[0]);
        AssertSame(string.Join("\n", sections), cache);
        Assert.True(cache.LastRun.Reused >= 7, $"only {cache.LastRun.Reused} of 10 chunks were reused");
    }

    [Theory]
    [InlineData("a code fence holding comment lines", "```bash\n# not a heading\necho hi\n# nor this\n```\n")]
    [InlineData("a code fence left open", "```\n# swallowed\n")]
    [InlineData("an HTML block running into a heading", "<div>\nWe train models on your posts.\n")]
    [InlineData("an HTML comment running into a heading", "<!-- note\n")]
    [InlineData("a list item before a heading", "- We share data with partners by default\n  and keep it.\n")]
    [InlineData("a quote before a heading", "> We use your chats to train our models.\n")]
    [InlineData("a setext heading", "Terms\n=====\n")]
    [InlineData("not headings", "#hashtag line\n####### seven\n #indented\n")]
    [InlineData("a link defined in a later chunk", "See [the notice][eea] for EU users.\n")]
    [InlineData("a table", "| Data | Use |\n|---|---|\n| Posts | Training |\n")]
    public void Awkward_chunk_endings_parse_as_a_whole_document_does(string name, string inserted)
    {
        var sections = Enumerable.Range(1, 6).Select(Section).ToList();
        var text = string.Join("\n", sections.Take(3)) + "\n" + inserted + string.Join("\n", sections.Skip(3));
        text += "\n[eea]: https://example.com/eea\n";
        foreach (var variant in new[] { text, text.Replace("\n", "\r\n", StringComparison.Ordinal), text.TrimEnd('\n') + "\n# Last heading" })
        {
            AssertSame(variant, new ParseCache(1), name);
        }
    }

    [Fact]
    public void Front_matter_comments_are_not_chunk_boundaries()
    {
        var body = string.Join("\n", Enumerable.Range(1, 4).Select(Section));
        AssertSame("---\ntitle: Policy\n# a YAML comment\nlanguage: en\n---\n" + body, new ParseCache(1), "closed front matter");
        AssertSame("---\ntitle: Policy\n# a YAML comment\n" + body, new ParseCache(1), "front matter that never closes");
    }

    [Fact]
    public void Edits_that_open_and_close_a_code_fence_keep_the_model_exact()
    {
        var text = string.Join("\n", Enumerable.Range(1, 8).Select(Section));
        var cache = new ParseCache(1);
        var at = text.IndexOf("# Section 3", StringComparison.Ordinal);
        var versions = new[]
        {
            text,
            text.Insert(at, "```\n"),
            text.Insert(at, "```\n").Insert(text.IndexOf("# Section 6", StringComparison.Ordinal) + 4, "```\n"),
            text.Insert(at, "<table>\n"),
            text.Insert(at, "[x]: https://example.com\n"),
            text,
        };
        foreach (var version in versions)
        {
            AssertSame(version, cache);
        }
    }

    private static string Section(int n) =>
        $"# Section {n}\n\nParagraph {n} of the policy. We use your posts to improve our models unless you opt out.\n\n- item {n} with a [link](https://example.com/{n})\n";

    private static void AssertSame(string text, ParseCache cache, string? because = null) =>
        Assert.True(Describe(PolicyParser.Parse(text)).SequenceEqual(Describe(PolicyParser.Parse(text, cache))), because ?? "chunked parse differs");

    internal static IEnumerable<string> Describe(PolicyDocument document)
    {
        foreach (var s in document.Sections)
        {
            yield return $"S{s.Index} L{s.Level} '{s.Title}' {s.HeadingSpan} {s.Span} parent {s.Parent?.Index} children {s.Children.Count} blocks {s.Blocks.Count}";
        }

        foreach (var b in document.Blocks)
        {
            var offsets = Enumerable.Range(0, b.PlainText.Length + 1).Select(i => $"{b.Map.ToSource(i)}/{b.Map.ToSourceEnd(i)}");
            yield return $"B{b.Index} {b.Kind} q{b.QuoteDepth} S{b.Section.Index} {b.Span} link {b.HasLink} code {b.HasCode} " +
                $"[{string.Join(' ', b.LinkTargets)}] [{string.Join(' ', b.LinkSpans)}] '{b.PlainText}' map {string.Join(' ', offsets)}";
        }

        foreach (var s in document.Sentences)
        {
            yield return $"T{s.Index} B{s.Block.Index} {s.PlainStart}-{s.PlainEnd} {s.Span} link {s.HasLink} code {s.HasCode} '{s.Text}'";
        }

        foreach (var c in document.Comments)
        {
            yield return $"C {c.Span} '{c.Content}'";
        }

        yield return $"front matter {document.FrontMatter.Span} {document.Source.Length}";
    }

}
