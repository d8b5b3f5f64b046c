using PolicyLsp.Analysis.Changes;

namespace PolicyLsp.Analysis.Tests.Changes;

/// <summary>Pairs of versions in our own words: what a new version adds, narrows or removes, and what is no change.</summary>
public sealed class MaterialChangesTests
{
    private const string Dated = "---\nlast_updated: 2026-03-01\n---\n";
    private const string Redated = "---\nlast_updated: 2026-06-01\n---\n";

    private static IReadOnlyList<MaterialChange> Compare(string old, string current) =>
        MaterialChanges.Compare(PolicyAnalyzer.Analyze(old), PolicyAnalyzer.Analyze(current));

    private static string LineOf(string text, MaterialChange change) =>
        text[..change.Span.Start].Count(c => c == '\n') + 1 + ":" + change.Kind;

    [Fact]
    public void A_purpose_that_now_includes_training_is_a_new_AI_training_use_naming_the_added_words()
    {
        var old = Dated + "# Privacy\n\nWe use your posts to improve our services.\n";
        var current = Redated + "# Privacy\n\nWe use your posts to improve our services and to train our AI models.\n";

        var change = Assert.Single(Compare(old, current));
        Assert.Equal(ChangeKind.NewAiTraining, change.Kind);
        Assert.Equal("purpose now includes: and to train our AI models", change.What);
        Assert.Equal("We use your posts to improve our services.", change.OldText);
    }

    [Fact]
    public void A_new_AI_training_clause_with_nothing_like_it_before_is_reported_on_its_sentence()
    {
        var old = Redated + "# Privacy\n\nWe keep your account details while your account is open.\n";
        var current = Redated.Replace("06-01", "07-01") + "# Privacy\n\nWe keep your account details while your account is open.\n\nWe may use your messages to train generative AI models.\n";

        var change = Assert.Single(Compare(old, current));
        Assert.Equal("8:NewAiTraining", LineOf(current, change));
        Assert.Null(change.OldSpan);
        Assert.StartsWith("new AI-training clause", change.What, StringComparison.Ordinal);
    }

    [Fact]
    public void A_moved_clause_a_re_wording_that_keeps_the_practice_and_a_split_paragraph_are_no_change()
    {
        const string old = Dated + """
            # Privacy

            ## Your content

            We may use your posts to train our AI models, except for users in the EU, the EEA, the UK and Switzerland, whose posts we never use for training. We keep your posts while your account is open.

            ## Contact

            Write to privacy@example.test.
            """;
        const string current = Dated + """
            # Privacy

            ## Contact

            Write to privacy@example.test.

            ## Your content

            We keep your posts while your account is open.

            Except for users in the EU, the EEA, the UK and Switzerland, whose posts we never use for training, we may use your posts to train our AI models.
            """;

        Assert.Empty(Compare(old, current));
    }

    [Fact]
    public void A_region_dropped_from_the_carve_out_narrows_it()
    {
        var old = Redated + "# Privacy\n\nWe may use your posts to train our AI models, except for users in the EU, the EEA, the UK and Switzerland, whose posts we never use for training.\n";
        var current = Redated.Replace("06-01", "08-01") + "# Privacy\n\nWe may use your posts to train our AI models, except for users in the EU, the EEA and Switzerland, whose posts we never use for training.\n";

        var change = Assert.Single(Compare(old, current));
        Assert.Equal(ChangeKind.CarveOutNarrowed, change.Kind);
        Assert.Equal("regions no longer carved out: United Kingdom", change.What);
        Assert.NotNull(change.OldSpan);
    }

    [Fact]
    public void A_regional_section_removed_narrows_the_carve_out_of_the_clause_it_covered()
    {
        var body = "# Privacy\n\n## AI\n\nWe may use your posts to train our AI models.\n";
        var regional = "\n## Users in the EU, the EEA, the UK and Switzerland\n\nWe do not use the posts of users in the EU, the EEA, the UK and Switzerland to train our AI models.\n";

        var changes = Compare(Dated + body + regional, Redated + body);
        var change = Assert.Single(changes);
        Assert.Equal(ChangeKind.CarveOutNarrowed, change.Kind);
        Assert.Equal("regions no longer carved out: EU, EEA, United Kingdom, Switzerland", change.What);
    }

    [Fact]
    public void A_practice_that_moved_from_consent_to_on_by_default_is_a_new_default_opt_in()
    {
        var old = Dated + "# Privacy\n\nWith your consent, we share your purchase history with our advertising partners.\n";
        var current = Redated + "# Privacy\n\nWe share your purchase history with our advertising partners unless you opt out.\n";

        var change = Assert.Single(Compare(old, current));
        Assert.Equal(ChangeKind.NewDefaultOptIn, change.Kind);
        Assert.StartsWith("moved from consent to on by default: ", change.What, StringComparison.Ordinal);
        Assert.Contains("unless you opt out", change.What, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_language_disclosure_that_is_gone_is_reported_on_the_clause()
    {
        const string clause = "We may use your posts to train our AI models, except for users in the EU, the EEA, the UK and Switzerland.";
        const string plain = "\n\nIn plain words: we use your posts to teach our AI. This is on by default. You can turn it off in Settings > Privacy > AI.";

        var change = Assert.Single(Compare(Dated + "# Privacy\n\n" + clause + plain + "\n", Redated + "# Privacy\n\n" + clause + "\n"));
        Assert.Equal(ChangeKind.DisclosureRemoved, change.Kind);
    }

    [Fact]
    public void A_disclosure_still_there_in_new_words_is_not_reported_as_removed()
    {
        // A real pair did this: a link became a bare address, so the way to turn it off is no longer recognised, but the
        // reader still has the same block.
        const string clause = "We may use your posts to train our AI models, except for users in the EU, the EEA, the UK and Switzerland.";
        const string before = "\n\nIn plain words: we use your posts to teach our AI. This is on by default. You can turn it off in the [AI settings](https://example.test/settings/ai).";
        const string after = "\n\nIn plain words: we use your posts to teach our AI. This is on by default. You can turn it off at example.test.";

        Assert.Empty(Compare(Dated + "# Privacy\n\n" + clause + before + "\n", Redated + "# Privacy\n\n" + clause + after + "\n"));
    }

    [Fact]
    public void A_corrected_misspelling_is_no_change_but_a_changed_negation_or_an_added_word_is()
    {
        // A real pair did this: a typo kept the old sentence from reading as an opt-out; its correction is no new practice.
        var old = Dated + "# Privacy\n\nWe send you promotonal emails; you can unsubscribe at any time.\n";
        var current = Redated + "# Privacy\n\nWe send you promotional emails; you can unsubscribe at any time.\n";
        Assert.Empty(PolicyAnalyzer.Analyze(old).Context.Clauses);
        Assert.Empty(Compare(old, current));

        Assert.True(MaterialChanges.OnlySpellingChanged("We use your posts to improve our servcies.", "We use your posts to improve our services!"));
        Assert.False(MaterialChanges.OnlySpellingChanged("We never use your posts to train our models.", "We ever use your posts to train our models."));
        Assert.False(MaterialChanges.OnlySpellingChanged("We do not use your posts to train our models.", "We do use your posts to train our models."));
        Assert.False(MaterialChanges.OnlySpellingChanged("We use your posts to improve our services.", "We use your posts to improve our services and models."));
    }

    [Theory]
    [InlineData("Version: 13 July 2025", "Version: 2 March 2026")]
    [InlineData("Last modified on 07/13/2025 [Earlier versions](https://example.test/old)", "Last modified on 03/02/2026 [Earlier versions](https://example.test/old)")]
    [InlineData("Last update of this notice:\n\n13 July 2025", "Last update of this notice:\n\n2 March 2026")]
    public void A_date_written_as_a_version_before_a_link_or_on_the_next_line_is_read(string before, string after)
    {
        var old = "# Privacy\n\n" + before + "\n\nWe use your posts to improve our services.\n";
        var current = "# Privacy\n\n" + after + "\n\nWe use your posts to improve our services and to train our AI models.\n";

        Assert.Equal([ChangeKind.NewAiTraining], Compare(old, current).Select(c => c.Kind));
        Assert.Equal([ChangeKind.NewAiTraining, ChangeKind.ChangedWithoutNewDate], Compare(old, current.Replace(after, before, StringComparison.Ordinal)).Select(c => c.Kind));
    }

    [Fact]
    public void A_change_under_an_unchanged_date_is_also_a_silent_update_at_the_date_line()
    {
        var old = "# Privacy\n\nLast updated: 1 March 2026\n\nWe use your posts to improve our services.\n";
        var current = "# Privacy\n\nLast updated: 1 March 2026\n\nWe use your posts to improve our services and to train our AI models.\n";

        var changes = Compare(old, current);
        Assert.Equal(["5:NewAiTraining", "3:ChangedWithoutNewDate"], changes.Select(c => LineOf(current, c)));
        Assert.Contains("1 March 2026", changes[1].What, StringComparison.Ordinal);

        var redated = current.Replace("1 March", "1 June", StringComparison.Ordinal);
        Assert.Equal([ChangeKind.NewAiTraining], Compare(old, redated).Select(c => c.Kind));
    }

    [Fact]
    public void A_document_compared_with_itself_has_no_change()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "examples", "linkedin-style-2024-draft.md"));
        Assert.Empty(Compare(text, text));
    }

    [Theory]
    [InlineData("Effective date: 1 March 2026", "1 March 2026")]
    [InlineData("**Last updated:** March 2026", "March 2026")]
    [InlineData("_Last modified on 2026-03-01_", "2026-03-01")]
    [InlineData("Effective as of January 5, 2025.", "January 5, 2025")]
    [InlineData("Version: 13 July 2022", "13 July 2022")]
    [InlineData("Last Updated Date: Sep 16, 2025", "Sep 16, 2025")]
    [InlineData("Updated today", null)]
    public void The_date_line_is_read_as_written(string line, string? expected)
    {
        var date = EffectiveDate.Of(PolicyAnalyzer.Analyze("# Privacy\n\n" + line + "\n\nWe keep your data safe.\n"));
        Assert.Equal(expected, date?.Value);
    }

    [Fact]
    public void A_front_matter_date_too_long_to_be_a_date_is_passed_over_for_the_date_line()
    {
        // Thousands of unclosed comment openers: read as a date, the comment pattern would scan to the end from each.
        var value = string.Concat(Enumerable.Repeat("<!--", 15_000));
        var text = "---\nupdated: \"" + value + "\"\n---\n\n# Privacy\n\nLast updated: 1 March 2026\n\nWe keep your data safe.\n";

        Assert.Equal("1 March 2026", EffectiveDate.Of(PolicyAnalyzer.Analyze(text))?.Value);
    }

    [Fact]
    public void Analysed_against_an_earlier_version_the_PL3xx_rules_report_with_severity_suppression_and_the_old_clause()
    {
        var old = PolicyAnalyzer.Analyze("# Privacy\n\nLast updated: 1 March 2026\n\nWe use your posts to improve our services.\n");
        const string current = "# Privacy\n\nLast updated: 1 March 2026\n\nWe use your posts to improve our services and to train our AI models.\n";

        var result = PolicyAnalyzer.Analyze(current, previous: new PreviousVersion(old, "policy-2025.md", "policy-2025.md"));
        var pl301 = Assert.Single(result.Findings, f => f.Code == "PL301");
        Assert.Equal(Findings.Severity.Information, pl301.Severity);
        Assert.Equal("purpose now includes: and to train our AI models", pl301.Message);
        var related = Assert.Single(pl301.Related);
        Assert.Equal(("policy-2025.md", 4), (related.Uri, related.Line));
        Assert.Equal("policy-2025.md: We use your posts to improve our services.", pl301.Details.Earlier);
        Assert.Single(result.Findings, f => f.Code == "PL305");

        // Without an earlier version there is nothing to compare; "off" and a suppression comment work as for every rule.
        Assert.DoesNotContain(PolicyAnalyzer.Analyze(current).Findings, f => f.Code.StartsWith("PL3", StringComparison.Ordinal));
        var off = Configuration.PolicyConfig.Default with
        {
            Rules = new Dictionary<string, Configuration.RuleSetting>(StringComparer.OrdinalIgnoreCase) { ["PL301"] = new(false, Findings.Severity.Information) },
        };
        Assert.DoesNotContain(PolicyAnalyzer.Analyze(current, off, previous: new PreviousVersion(old, "HEAD")).Findings, f => f.Code == "PL301");
        var suppressed = current.Replace("We use your posts to improve our services and", "<!-- policylsp-disable-next-line PL301 -->\nWe use your posts to improve our services and", StringComparison.Ordinal);
        Assert.DoesNotContain(PolicyAnalyzer.Analyze(suppressed, previous: new PreviousVersion(old, "HEAD")).Findings, f => f.Code == "PL301");
    }
}
