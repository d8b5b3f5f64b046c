using System.Text;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Vocabulary;

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
        var result = SmallStack.Run(() => PolicyAnalyzer.Analyze("---\n" + yaml + "---\n\n" + Clause + "\n"));
        var problem = Assert.Single(result.Problems);
        Assert.Contains($"front matter is nested too deeply (line {(key == "x: " ? 3 : 4)})", problem.Message);
        Assert.Empty(result.Document.FrontMatter.Values);
        Assert.Contains(result.Findings, f => f.Code == "PL101");
    }

    [Fact]
    public void Front_matter_of_100_000_nested_lists_is_refused_without_overflow()
    {
        var text = "---\nx: " + new string('[', 100_000) + new string(']', 100_000) + "\n---\n\n" + Clause + "\n";
        var result = SmallStack.Run(() => PolicyAnalyzer.Analyze(text));
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

    [Fact]
    public void A_phrase_of_60_000_words_is_matched_without_recursion()
    {
        var words = string.Join(' ', Enumerable.Range(0, 60_000).Select(i => "w" + i));
        var set = new PhraseSet([words, "w7 w8"]);
        var matches = SmallStack.Run(() => set.FindAll(Tokenizer.Tokenize("x " + words + " y")));
        Assert.Equal([(1, 60_001, words), (8, 10, "w7 w8")], matches.Select(m => (m.TokenStart, m.TokenEnd, m.Phrase)));
    }

    [Fact]
    public void A_configured_phrase_of_60_000_words_is_refused_and_the_rest_applies()
    {
        var phrase = string.Join(' ', Enumerable.Repeat("model", 60_000));
        var config = PolicyConfig.Default with
        {
            SourcePath = "/repo/.policylsp.json",
            ExtraTerms = new Dictionary<string, IReadOnlyList<string>> { ["ai.specificTerms"] = [phrase, "smart compose"] },
        };
        var text = "# AI\n\nWe may use your posts to train our " + phrase + ".\n\nWe may use your posts to train smart compose.\n";
        var result = SmallStack.Run(() => PolicyAnalyzer.Analyze(text, config));
        var problem = Assert.Single(result.Problems);
        Assert.Equal("/repo/.policylsp.json", problem.File);
        Assert.Contains($"terms \"ai.specificTerms\": the phrase \"model model", problem.Message);
        Assert.Contains($"has {phrase.Length:N0} characters (at most {TermPack.MaxExtraPhraseLength})", problem.Message);
        Assert.Equal(["smart compose"], result.Config.ExtraTerms["ai.specificTerms"]);
        Assert.Contains(result.Findings, f => f.Code == "PL101" && f.Details.Triggers.Contains("smart compose"));
    }

    [Fact]
    public void A_front_matter_phrase_of_too_many_words_is_a_front_matter_problem()
    {
        var phrase = string.Join(' ', Enumerable.Repeat("ai", TermPack.MaxExtraPhraseWords + 1));
        var text = "---\npolicylsp:\n  terms:\n    \"ai.specificTerms\": [\"" + phrase + "\", \"smart compose\"]\n---\n\nWe may use your posts to train smart compose.\n";
        var result = PolicyAnalyzer.Analyze(text);
        var problem = Assert.Single(result.Problems);
        Assert.Null(problem.File);
        Assert.Equal(1, problem.Line);
        Assert.StartsWith("front matter: terms \"ai.specificTerms\": the phrase", problem.Message);
        Assert.Contains($"has {TermPack.MaxExtraPhraseWords + 1} words (at most {TermPack.MaxExtraPhraseWords})", problem.Message);
        Assert.Contains(result.Findings, f => f.Code == "PL101" && f.Details.Triggers.Contains("smart compose"));
    }

    [Fact]
    public void Configured_phrases_past_the_bound_are_refused_in_one_problem()
    {
        var phrases = Enumerable.Range(0, TermPack.MaxExtraPhrases + 500).Select(i => "widget" + i).ToList();
        var config = PolicyConfig.Default with { ExtraTerms = new Dictionary<string, IReadOnlyList<string>> { ["ai.specificTerms"] = phrases } };
        var result = PolicyAnalyzer.Analyze("We may use your posts to train widget7.\n", config);
        var problem = Assert.Single(result.Problems);
        Assert.Equal($"terms: 500 phrases past the first {TermPack.MaxExtraPhrases:N0} are ignored", problem.Message);
        Assert.Equal(TermPack.MaxExtraPhrases, result.Config.ExtraTerms["ai.specificTerms"].Count);
        Assert.Contains(result.Findings, f => f.Code == "PL101");
    }

    [Fact]
    public void Clauses_of_one_section_are_analysed_in_linear_time()
    {
        // Before, each clause re-read its whole section (its links, its carve-outs, the lines around it for the fix):
        // four times the clauses took about sixteen times as long (4,000 list items 1.6 s, 16,000 27 s).
        static string Section(int clauses)
        {
            var text = new StringBuilder("# Section\n\nSee our [notice](notice.md) and [terms](https://example.com/terms).\n\n");
            for (var i = 0; i < clauses; i++)
            {
                text.Append(i % 100 == 0 ? "- Users in the EU: we do not use your posts to train AI models unless you opt in.\n" : "- " + Clause + "\n");
            }

            return text.ToString();
        }

        static TimeSpan Best(string text)
        {
            var best = TimeSpan.MaxValue;
            for (var run = 0; run < 2; run++)
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var result = PolicyAnalyzer.Analyze(text, linkedDocuments: _ => null);
                best = watch.Elapsed < best ? watch.Elapsed : best;
                Assert.Contains(result.Findings, f => f.Code == "PL101" && f.Message.Contains("(found: EU)"));
            }

            return best;
        }

        Best(Section(500));
        var small = Best(Section(4_000));
        var large = Best(Section(16_000));
        Assert.True(large < (small * 8) + TimeSpan.FromSeconds(1), $"4,000 clauses: {small.TotalSeconds:F2} s; 16,000: {large.TotalSeconds:F2} s");
    }

    [Fact]
    public void A_linked_document_is_analysed_once_for_all_its_fragments_and_for_later_analyses()
    {
        // 1,000 links to 10 files, each link with its own fragment: before, each target re-read and re-analysed its file.
        var files = Enumerable.Range(0, 10).ToDictionary(
            i => $"eu{i}.md",
            i => new LinkedDocument($"/docs/eu{i}.md", "# Notice\n\n## European Union\n\nWe do not use your posts to train AI models.\n"));
        var calls = 0;
        LinkedDocumentResolver resolver = target =>
        {
            Interlocked.Increment(ref calls);
            return files.GetValueOrDefault(target.Split('#')[0]);
        };
        var text = new StringBuilder("# AI\n\n").Append(Clause).Append("\n\n");
        for (var i = 0; i < 1_000; i++)
        {
            text.Append("See [part ").Append(i).Append("](eu").Append(i % 10).Append(".md#part-").Append(i).Append(").\n\n");
        }

        var first = PolicyAnalyzer.Analyze(text.ToString(), linkedDocuments: resolver);
        var finding = Assert.Single(first.Findings, f => f.Code == "PL101");
        Assert.Contains("(found: EU)", finding.Message);
        Assert.Contains(finding.Related, r => r.Uri == "/docs/eu0.md");
        Assert.Equal(10, first.Context.CarveOutResolver.LinkedDocumentsAnalysed);
        Assert.Equal(1_000, calls);

        var second = PolicyAnalyzer.Analyze(text.ToString(), linkedDocuments: resolver);
        Assert.Equal(finding.Message, Assert.Single(second.Findings, f => f.Code == "PL101").Message);
        Assert.Equal(0, second.Context.CarveOutResolver.LinkedDocumentsAnalysed);
    }

    [Fact]
    public void A_linked_document_answers_each_family_of_clauses_for_itself()
    {
        // The notice's regional section is about AI training only: an opt-in clause linking to it gets no carve-out,
        // whichever clause asked first.
        var notice = new LinkedDocument("eu.md", "# Notice\n\n## European Union\n\nWe do not use your posts to train AI models.\n");
        var text = "# Settings\n\nWe share your telemetry with partners unless you opt out. See [the notice](eu.md).\n\n" + Clause + " See [the notice](eu.md).\n";
        var result = PolicyAnalyzer.Analyze(text, linkedDocuments: _ => notice);
        Assert.Contains("(found: EU)", Assert.Single(result.Findings, f => f.Code == "PL101").Message);
        Assert.Contains("(found: none)", Assert.Single(result.Findings, f => f.Code == "PL201").Message);
    }

    [Fact]
    public void Findings_are_capped_at_the_first_thousand_in_document_order_and_the_rest_counted()
    {
        // 5,000 clauses, each without a carve-out (PL101) or a plain-language disclosure (PL102): 10,000 findings.
        var text = "# AI\n\n" + string.Concat(Enumerable.Repeat("- " + Clause + "\n", 5_000));
        var result = PolicyAnalyzer.Analyze(text);
        Assert.Equal(1_000, result.Config.MaxFindingsPerDocument);
        Assert.Equal(1_000, result.Findings.Count);
        Assert.Equal(9_000, result.OmittedFindings);

        var all = PolicyAnalyzer.Analyze(text, PolicyConfig.Default with { MaxFindingsPerDocument = 100_000 });
        Assert.Equal(10_000, all.Findings.Count);
        Assert.Equal(0, all.OmittedFindings);
        Assert.Equal(all.Findings.Take(1_000).Select(f => (f.Span, f.Code)), result.Findings.Select(f => (f.Span, f.Code)));
        Assert.Equal(all.Findings[0].Fixes.Select(f => f.Title), result.Findings[0].Fixes.Select(f => f.Title));
    }

    [Theory]
    [InlineData("20", 20, null)]
    [InlineData("100000", 100_000, null)]
    [InlineData("0", 1_000, 3)]
    [InlineData("100001", 1_000, 3)]
    [InlineData("2.5", 1_000, 3)]
    [InlineData("\"many\"", 1_000, 3)]
    public void The_findings_cap_is_read_from_the_config_file(string value, int expected, int? problemLine)
    {
        var problems = new List<PolicyLsp.Analysis.Findings.AnalysisProblem>();
        var config = ConfigReader.Parse("{\n  \"regions\": [\"EU\"],\n  \"maxFindingsPerDocument\": " + value + "\n}", "/repo/.policylsp.json", PolicyConfig.Default, problems);
        Assert.Equal(expected, config.MaxFindingsPerDocument);
        if (problemLine is null)
        {
            Assert.Empty(problems);
        }
        else
        {
            var problem = Assert.Single(problems);
            Assert.Equal(problemLine, problem.Line);
            Assert.Equal("/repo/.policylsp.json", problem.File);
            Assert.Contains("\"maxFindingsPerDocument\" must be an integer between 1 and 100000", problem.Message);
        }
    }

    [Fact]
    public void Front_matter_may_lower_the_findings_cap_but_not_raise_it()
    {
        var body = "# AI\n\n" + string.Concat(Enumerable.Repeat("- " + Clause + "\n", 10));
        var lowered = PolicyAnalyzer.Analyze("---\npolicylsp:\n  maxFindingsPerDocument: 3\n---\n" + body);
        Assert.Equal(3, lowered.Findings.Count);
        Assert.Equal(17, lowered.OmittedFindings);
        Assert.Empty(lowered.Problems);

        var raised = PolicyAnalyzer.Analyze("---\npolicylsp:\n  maxFindingsPerDocument: 50\n---\n" + body, PolicyConfig.Default with { MaxFindingsPerDocument = 5 });
        Assert.Equal(5, raised.Findings.Count);
        Assert.Equal(15, raised.OmittedFindings);
        Assert.Contains(raised.Problems, p => p.Message.Contains("cannot be raised above the configured 5"));
    }

}
