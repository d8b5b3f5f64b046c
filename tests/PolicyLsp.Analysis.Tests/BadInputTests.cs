using System.Text;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Analysis.Tests;

/// <summary>Hostile or broken documents: each gives a clear answer in bounded time and never crashes.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void Positions_far_past_a_line_end_clamp_without_overflow()
    {
        var source = new SourceText("first\nsecond line\nthird");
        Assert.Equal(source.LineEnd(1), source.GetOffset(new LinePosition(1, int.MaxValue)));
        Assert.Equal(source.LineStart(2), source.GetOffset(new LinePosition(2, -5)));
        Assert.Equal(source.Length, source.GetOffset(new LinePosition(int.MaxValue, 3)));
    }

    [Fact]
    public void Empty_document_has_no_findings()
    {
        var result = PolicyAnalyzer.Analyze(string.Empty);
        Assert.Empty(result.Findings);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Binary_bytes_are_refused_with_a_reason()
    {
        Assert.False(DocumentReader.TryDecode([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x1A], out _, out var error));
        Assert.Contains("binary", error);
    }

    [Fact]
    public void Invalid_utf8_is_refused_with_the_offset()
    {
        var bytes = Encoding.UTF8.GetBytes("# Policy\n\nWe train models.").Concat(new byte[] { 0xC3, 0x28 }).ToArray();
        Assert.False(DocumentReader.TryDecode(bytes, out _, out var error));
        Assert.Contains("UTF-8", error);
    }

    [Fact]
    public void Ten_megabyte_document_is_analysed()
    {
        var paragraph = "We may use your posts to train our AI models. Users can read more in the help centre.\n\n";
        var text = new StringBuilder();
        var section = 0;
        while (text.Length < 10 * 1024 * 1024)
        {
            text.Append("## Section ").Append(section++).Append("\n\n");
            for (var i = 0; i < 20; i++)
            {
                text.Append(paragraph);
            }
        }

        var result = PolicyAnalyzer.Analyze(text.ToString());
        Assert.NotEmpty(result.Findings);
    }

    [Theory]
    [InlineData("> ")]
    [InlineData("- ")]
    [InlineData("1. ")]
    public void Ten_thousand_deep_nesting_on_one_line_does_not_overflow(string marker)
    {
        var text = string.Concat(Enumerable.Repeat(marker, 10_000)) + "We may use your posts to train our AI models.\n";
        var result = SmallStack.Run(() => PolicyAnalyzer.Analyze(text));
        Assert.NotNull(result);
    }

    [Theory]
    [InlineData("> ")]
    [InlineData("- ")]
    public void Ten_thousand_nested_lines_do_not_overflow(string marker)
    {
        // Each line opens one level deeper than the last (quotes) or is indented two more columns (lists).
        var text = new StringBuilder();
        for (var depth = 0; depth < 10_000; depth++)
        {
            text.Append(marker == "> " ? new string('>', depth) : new string(' ', depth * 2));
            text.Append(marker).Append("item\n");
        }

        var result = SmallStack.Run(() => PolicyAnalyzer.Analyze(text.ToString()));
        Assert.NotNull(result);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Three_thousand_nested_note_containers_do_not_overflow(bool withInfo)
    {
        // ":::…:::note" fences of ever fewer colons each open a container inside the last (Markdig's depth limit throws
        // on such a document): past the bound the fences are read as text, and the sentence after them is still checked.
        var text = new StringBuilder("# Notes\n\n");
        for (var colons = 3_002; colons >= 3; colons--)
        {
            text.Append(':', colons).Append(withInfo ? "note\n" : "\n");
        }

        text.Append("We may use your posts to train our AI models.\n");
        var result = SmallStack.Run(() => PolicyAnalyzer.Analyze(text.ToString()));
        Assert.Contains(result.Findings, f => f.Code == "PL101");
    }

    [Fact]
    public void A_note_container_is_read_and_its_fences_are_not_text()
    {
        var result = PolicyAnalyzer.Analyze("# Notes\n\n:::note\nWe may use your posts to train our AI models.\n:::\n");
        var clause = Assert.Single(result.Context.Clauses);
        Assert.Equal("We may use your posts to train our AI models.", clause.Sentence.Text);
        Assert.Equal(3, result.Document.Source.GetPosition(clause.Sentence.Span.Start).Line);
    }

    [Fact]
    public void Nested_single_line_is_bounded()
    {
        var text = new string('>', 10_000) + " We may use your posts to train our AI models.\n" + new string('[', 10_000) + new string('*', 10_000);
        var result = SmallStack.Run(() => PolicyAnalyzer.Analyze(text));
        Assert.NotNull(result);
    }

    [Fact]
    public void Unterminated_front_matter_is_body_text()
    {
        var result = PolicyAnalyzer.Analyze("---\ntitle: x\n\nWe may use your posts to train our AI models.\n");
        Assert.Null(result.Document.FrontMatter.Span);
        Assert.Contains(result.Findings, f => f.Code == "PL101");
    }

    [Fact]
    public void Broken_front_matter_yaml_is_reported_and_analysis_goes_on()
    {
        var result = PolicyAnalyzer.Analyze("---\ntitle: [unclosed\n---\n\nWe may use your posts to train our AI models.\n");
        Assert.Contains(result.Problems, p => p.Message.Contains("front matter"));
        Assert.Contains(result.Findings, f => f.Code == "PL101");
    }

    [Fact]
    public void Half_typed_table_and_unclosed_markup_are_fine()
    {
        var text = "# P\n\n| a | b\n| --- |\n| We may use your posts to train our AI models | **bold\n\n[link](\n\n<!-- unclosed comment\n";
        var result = PolicyAnalyzer.Analyze(text);
        Assert.All(result.Findings, f => Assert.InRange(f.Span.End, 0, text.Length));
    }

    [Fact]
    public void A_section_of_thousands_of_clauses_with_their_own_topics_is_analysed_in_bounded_time()
    {
        // Each clause names its own three data uses, so no two share a plain-language judgement: before the
        // per-section topic index, 4,000 such lines took over half a minute.
        string[] uses =
        [
            "telemetry", "analytics", "cookies", "tracking", "marketing", "newsletters", "advertising", "location", "images",
            "recordings", "posts", "inputs", "prompts", "uploads", "photos", "videos", "conversations", "activity", "contacts",
            "history", "reviews", "receipts", "workouts", "chats", "answers", "designs", "files", "snippets", "transcripts",
            "sessions", "feedback", "emails",
        ];
        var lines = new System.Text.StringBuilder("# Settings\n\n");
        for (var i = 0; i < 4_000; i++)
        {
            var (a, b, c) = (i % uses.Length, (i / uses.Length) % uses.Length, (i / uses.Length / uses.Length + 7 * i) % uses.Length);
            lines.Append("We use your ").Append(uses[a]).Append(", ").Append(uses[b]).Append(" and ").Append(uses[c])
                .Append(" unless you opt out.\n\n");
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = PolicyAnalyzer.Analyze(lines.ToString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        Assert.Contains(result.Findings, f => f.Code == "PL202");
    }

    [Fact]
    public void Html_inside_a_quote_or_list_is_read_without_the_container_markers()
    {
        var text = "# Notes\n\n> <div>\n> We use your posts to train our AI models.\n> </div>\n\n- <p>\n  We share your telemetry unless you opt out.\n  </p>\n";
        var result = PolicyAnalyzer.Analyze(text);
        Assert.Contains(result.Document.Sentences, s => s.Text == "We use your posts to train our AI models.");
        Assert.Contains(result.Document.Sentences, s => s.Text == "We share your telemetry unless you opt out.");
        Assert.All(result.Findings, f => Assert.StartsWith("We ", text[f.Span.Start..], StringComparison.Ordinal));
    }

    [Fact]
    public void A_stray_ampersand_never_pulls_a_tag_or_another_cell_into_the_text()
    {
        var text = "<table><tr><td>We may use your posts &x<b>bold</b>&amp; to train our AI models.</td><td>&copy<script>x</script>;</td></tr></table>\n";
        var document = PolicyLsp.Analysis.Parsing.PolicyParser.Parse(text);
        Assert.Contains(document.Blocks, b => b.PlainText.Contains("posts &xbold& to train", StringComparison.Ordinal));
        Assert.All(document.Blocks, b => Assert.DoesNotContain('<', b.PlainText));
        Assert.All(document.Blocks, b => Assert.DoesNotContain("x;", b.PlainText, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<a href=\"")]
    [InlineData("<td>&amp")]
    [InlineData("<script>")]
    [InlineData("<!-- ")]
    [InlineData("<p title='>")]
    [InlineData("< <\u0000&#x;&#99999999;")]
    public void Malformed_html_blocks_are_read_in_one_pass(string fragment)
    {
        var text = "<div>\n" + string.Concat(Enumerable.Repeat(fragment + "We may use your posts to train our AI models ", 20_000)) + "\n</div>\n";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = PolicyAnalyzer.Analyze(text);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        Assert.All(result.Document.Sentences, s => Assert.InRange(s.Span.End, s.Span.Start, text.Length));
    }

    [Fact]
    public void Html_cell_sentences_map_back_to_their_source()
    {
        var text = "# P\n\n<table><tr><td>Caf&eacute; news &amp; <b>offers</b>\n   are sent   by default.</td></tr></table>\n";
        var result = PolicyAnalyzer.Analyze(text);
        var sentence = Assert.Single(result.Document.Sentences);
        Assert.Equal("Café news & offers are sent by default.", sentence.Text);
        Assert.Equal("Caf&eacute; news &amp; <b>offers</b>\n   are sent   by default.", text[sentence.Span.Start..sentence.Span.End]);
    }

    [Fact]
    public void One_megabyte_single_line_is_bounded()
    {
        var text = string.Concat(Enumerable.Repeat("we may use your posts to train our ai models and ", 20_000));
        var result = PolicyAnalyzer.Analyze(text);
        Assert.Single(result.Context.Clauses.Select(c => c.Sentence).Distinct());
    }

    /// <summary>Built phrases ("unless you" + "switch it off") in a sentence of 20,000 of them: each looks only at its window.</summary>
    [Fact]
    public void A_single_line_of_built_phrases_is_bounded()
    {
        var text = string.Concat(Enumerable.Repeat("we use your history unless you switch it off and you can switch it off or ", 20_000));
        var result = PolicyAnalyzer.Analyze(text);
        Assert.Single(result.Context.Clauses.Select(c => c.Sentence).Distinct());
    }

    /// <summary>
    /// Consent gates in brackets and ways out in a sentence of 3,000 of each: whether a phrase is in brackets is read
    /// from depths counted once per sentence, not by rescanning the text for every gate and trigger.
    /// </summary>
    [Fact]
    public void A_single_line_of_bracketed_gates_is_bounded()
    {
        var text = string.Concat(Enumerable.Repeat("we send marketing emails and you can opt out (if you opt in) of them, ", 3_000));
        var result = PolicyAnalyzer.Analyze(text);
        Assert.Single(result.Context.Clauses.Select(c => c.Sentence).Distinct());
    }
}
