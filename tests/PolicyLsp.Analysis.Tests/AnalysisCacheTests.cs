using PolicyLsp.Analysis.Clauses;

namespace PolicyLsp.Analysis.Tests;

/// <summary>A document analysed again with its cache finds exactly what a fresh analysis finds, edit after edit.</summary>
public sealed class AnalysisCacheTests
{
    private const string NewClause = "We use the content you upload to train our machine learning models.";

    [Fact]
    public void Edits_analysed_with_the_cache_match_fresh_analyses()
    {
        var checkedDocuments = 0;
        foreach (var original in TestPaths.PolicyDocuments(corpusFiles: 12).Select(d => d.Text))
        {
            var cache = new AnalysisCache();
            var edits = new[]
            {
                original,
                original,
                original + "\n\n" + NewClause + "\n",
                NewClause + "\n\n" + original,
                original.Replace("default", "standard", StringComparison.Ordinal),
                original,
            };
            foreach (var text in edits)
            {
                Assert.Equal(Describe(PolicyAnalyzer.Analyze(text)), Describe(PolicyAnalyzer.Analyze(text, cache: cache)));
            }

            checkedDocuments++;
        }

        Assert.True(checkedDocuments >= 5);
    }

    /// <summary>
    /// An unchanged table cell or list entry whose row, lead-in or heading changed is classified again: the cell with the
    /// data in its row is an AI-training clause, without it not; the entry under a lead-in that sells is an opt-out, under
    /// one that promises not to sell not; an entry that switches off what the entry before it sends is an opt-out; an entry of a list that opens a section headed "We do not" is negated, one after a table in it not; a settings path under "Your choices" is a way out, under "Contact us" not; "AI"
    /// in "Orrin AI" is an AI word until the document names itself "Orrin AI".
    /// </summary>
    [Theory]
    [InlineData("# Policy\n\n| Data | Use |\n|---|---|\n| {0} | To train our AI models. |\n", "Your voice notes", "Delivery times", ClauseFamily.AiTraining)]
    [InlineData("# Policy\n\n{0}\n\n- Members can opt out on the Privacy Choices page.\n",
        "We may sell your purchase history to marketing partners. To stop it:", "We do not sell your purchase history. Should that change:",
        ClauseFamily.DefaultOptIn)]
    [InlineData("# Policy\n\n- {0}\n- You can switch this off at any time in Settings.\n",
        "We send you a weekly deals email.", "Our stalls open at nine every morning.", ClauseFamily.DefaultOptIn)]
    [InlineData("# Policy\n\n### We do not\n\n{0}\n\n- Use your chats to train our AI models\n", "| Plan | Price |\n|---|---|\n| Free | 0 |", "",
        ClauseFamily.AiTraining)]
    [InlineData("# Policy\n\n## {0}\n\n- **App analytics** — Settings > Privacy > App analytics.\n", "Your choices", "Contact us", ClauseFamily.DefaultOptIn)]
    [InlineData("# Policy\n\n{0}\n\nOrrin AI may use your notes to improve Orrin AI products.\n",
        "Orrin Notes Ltd. (\"Orrin Notes\", \"we\") runs this service.", "Orrin AI Ltd. (\"Orrin AI\", \"we\") runs this service.",
        ClauseFamily.AiTraining)]
    public void A_paragraph_is_classified_again_when_its_row_or_lead_in_changes(string template, string with, string without, ClauseFamily family)
    {
        var cache = new AnalysisCache();
        var first = PolicyAnalyzer.Analyze(string.Format(template, with), cache: cache);
        Assert.Contains(first.Context.Clauses, c => c.Family == family);

        var second = PolicyAnalyzer.Analyze(string.Format(template, without), cache: cache);
        Assert.DoesNotContain(second.Context.Clauses, c => c.Family == family);
    }

    [Fact]
    public void After_an_edit_only_the_changed_paragraph_is_classified_again()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "examples", "linkedin-style-2024-draft.md"));
        var cache = new AnalysisCache();
        PolicyAnalyzer.Analyze(text, cache: cache);
        var paragraphs = cache.LastRun.Classified;
        Assert.True(paragraphs > 5);

        PolicyAnalyzer.Analyze(text, cache: cache);
        Assert.Equal((paragraphs, 0), cache.LastRun);

        var edited = PolicyAnalyzer.Analyze(text + "\n\n" + NewClause + "\n", cache: cache);
        Assert.Equal((paragraphs, 1), cache.LastRun);
        Assert.Contains(edited.Context.Clauses, c => c.Sentence.Text == NewClause);
    }

    [Fact]
    public void The_cache_does_not_keep_earlier_versions_of_the_document_alive()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "examples", "linkedin-style-2024-draft.md"));
        var cache = new AnalysisCache();
        var first = AnalyzeAndForget(text, cache);
        PolicyAnalyzer.Analyze(text + "\n\n" + NewClause + "\n", cache: cache);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(first.IsAlive, "the cache still references the first version's policy model");
    }

    [Fact]
    public void Configured_extra_terms_keep_the_cache_working()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "examples", "linkedin-style-2024-draft.md"));
        var config = Configuration.PolicyConfig.Default with
        {
            ExtraTerms = new Dictionary<string, IReadOnlyList<string>> { ["ai.specificTerms"] = ["sparkle engine"] },
        };
        var cache = new AnalysisCache();
        PolicyAnalyzer.Analyze(text, config, cache: cache);
        var paragraphs = cache.LastRun.Classified;
        PolicyAnalyzer.Analyze(text, config with { }, cache: cache);
        Assert.Equal((paragraphs, 0), cache.LastRun);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference AnalyzeAndForget(string text, AnalysisCache cache) => new(PolicyAnalyzer.Analyze(text, cache: cache).Document);

    private static IEnumerable<string> Describe(AnalysisResult result) =>
        result.Findings.Select(f => $"{f.Code}@{f.Span.Start}-{f.Span.End}: {f.Message}");

}
