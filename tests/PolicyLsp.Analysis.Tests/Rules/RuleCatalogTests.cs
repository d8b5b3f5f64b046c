using System.Text.RegularExpressions;
using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Rules;

namespace PolicyLsp.Analysis.Tests.Rules;

/// <summary>The rules are found, not listed, and each comes with its page and a fixture that expects it.</summary>
public sealed partial class RuleCatalogTests
{
    public static TheoryData<string> Codes() => [.. RuleCatalog.Default.Descriptors.Select(r => r.Code)];

    [Fact]
    public void The_engine_rules_are_found_in_code_order()
    {
        Assert.Equal(["PL101", "PL102", "PL201", "PL202", "PL301", "PL302", "PL303", "PL304", "PL305"], RuleCatalog.Default.Descriptors.Select(r => r.Code));
        Assert.Same(RuleCatalog.Default.Descriptors[0], RuleDescriptor.Find("ai-training-without-region-carveout"));
        Assert.Same(RuleCatalog.Default.Descriptors[3], RuleDescriptor.Find("pl202"));
        Assert.Null(RuleDescriptor.Find("PL999"));
    }

    [Fact]
    public void Every_family_has_its_descriptor_and_a_rule_of_each_check()
    {
        foreach (var family in Enum.GetValues<ClauseFamily>())
        {
            var descriptor = FamilyDescriptor.Of(family);
            Assert.Equal(family, descriptor.Family);
            Assert.Single(RuleCatalog.Default.Of(descriptor).OfType<RegionCarveOutRule>());
            Assert.Single(RuleCatalog.Default.Of(descriptor).OfType<PlainLanguageRule>());
            Assert.All(RuleCatalog.Default.Of(descriptor), r => Assert.StartsWith(descriptor.CodeSeries[..^2], r.Descriptor.Code, StringComparison.Ordinal));
        }

        Assert.Equal(Enum.GetValues<ClauseFamily>().Length, FamilyDescriptor.All.Count);
    }

    [Fact]
    public void Every_rule_class_of_the_engine_is_registered()
    {
        var classes = typeof(RuleCatalog).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IPolicyRule).IsAssignableFrom(t))
            .Select(t => t.FullName).Order(StringComparer.Ordinal);
        Assert.True(
            classes.SequenceEqual(RuleCatalog.Default.Rules.Select(r => r.GetType().FullName).Order(StringComparer.Ordinal)),
            $"a rule class is not in {Generator.GeneratedFiles.Registry}: run `{Generator.GeneratedFiles.Command}`");
    }

    [Fact]
    public void Two_rules_with_one_code_are_refused()
    {
        var rule = RuleCatalog.Default.Rules[0];
        var error = Assert.Throws<InvalidOperationException>(() => new RuleCatalog([rule, rule]));
        Assert.Contains(rule.Descriptor.Code, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_rule_has_a_page_that_agrees_with_its_descriptor(string code)
    {
        var rule = RuleDescriptor.Find(code)!;
        var page = Path.Combine(TestPaths.RepoRoot, rule.DocPage);
        Assert.True(File.Exists(page), $"{code} has no documentation page: write {rule.DocPage}");
        var lines = File.ReadLines(page).Take(3).ToList();
        Assert.Equal($"# {rule.Code} — {rule.Name}", lines[0]);
        Assert.StartsWith($"Tags: {string.Join(", ", rule.Tags)} · Default severity: {rule.DefaultSeverity.ToName()}", lines[2], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_rule_has_a_fixture_that_expects_it(string code)
    {
        // A material-change fixture (PL3xx) is compared with its earlier version, FIXTURE.md.previous.
        var expecting = Directory.EnumerateFiles(TestPaths.Fixtures, "*.md")
            .Where(f => ExpectMarker().Matches(File.ReadAllText(f)).Any(m => m.Groups[1].Value.Split(' ').Contains(code)));
        Assert.True(expecting.Any(), $"no fixture under tests/PolicyLsp.Analysis.Tests/Fixtures expects {code} (<!-- expect: {code} --> on a line)");
    }

    [Fact]
    public void The_usage_table_lists_every_rule_in_columns()
    {
        var lines = RuleCatalog.Default.UsageTable().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(RuleCatalog.Default.Descriptors.Count, lines.Length);
        Assert.Equal("  PL101  ai-training-without-region-carveout     AI-training clause without a region carve-out", lines[0]);
        Assert.Single(lines.Select((l, i) => l.IndexOf(RuleCatalog.Default.Descriptors[i].Title, StringComparison.Ordinal)).Distinct());
    }

    [Fact]
    public void A_message_is_its_template_with_the_values_filled_in()
    {
        var rule = RuleDescriptor.Find("PL101")!;
        Assert.Equal(
            "AI-training clause (matched \"train\") has no carve-out for: Switzerland (found: {found})",
            rule.FormatMessage(("clause", "AI-training clause"), ("matched", "matched \"train\""), ("missing", "Switzerland")));
        Assert.Equal("Insert a carve-out for the EU", rule.FormatFixTitle(("regions", "the EU")));
    }

    [GeneratedRegex("<!-- expect:([A-Z0-9 ]*)-->")]
    private static partial Regex ExpectMarker();
}
