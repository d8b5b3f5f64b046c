using System.Text.Json;
using System.Text.RegularExpressions;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Rules;
using PolicyLsp.Analysis.Rules.Families;
using PolicyLsp.Generator;

namespace PolicyLsp.Analysis.Tests.Rules;

/// <summary>
/// A rule added as docs/architecture.md ("How to add a rule") describes: this class is the rule file (in the engine
/// it would be <c>Rules/Descriptors/PL199.cs</c>), <see cref="Fixture"/> its fixture, and its page would be
/// <c>docs/rules/PL199.md</c>. Nothing else is written by hand: the catalog finds it, it runs, and the generator puts
/// it into the schema, the extension's settings and codes, and the README.
/// </summary>
public sealed partial class AddingARuleTests
{
    private const string Fixture = """
        # Privacy policy

        | Purpose | Data |
        |---|---|
        | We use your posts to train our AI models. | posts <!-- expect: PL199 --> |

        We use your messages to train our AI models. Users in the EU, the EEA, the UK and Switzerland are not included.
        """;

    private static readonly RuleCatalog WithNewRule = new([.. GeneratedFiles.EngineCatalog().Rules, new AiTrainingInATable()]);

    [Fact]
    public void The_new_rule_takes_its_place_in_code_order()
    {
        Assert.Equal(["PL101", "PL102", "PL199", "PL201", "PL202", "PL301", "PL302", "PL303", "PL304", "PL305"], WithNewRule.Descriptors.Select(r => r.Code));
        Assert.Equal("docs/rules/PL199.md", WithNewRule.Descriptors[2].DocPage);
    }

    [Fact]
    public void The_new_rule_finds_what_its_fixture_expects()
    {
        var result = PolicyAnalyzer.Analyze(Fixture);
        var rule = WithNewRule.Rules.OfType<AiTrainingInATable>().Single();
        var findings = rule.Check(result.Context, result.Config.For(rule.Descriptor)).ToList();

        var expected = Fixture.Split('\n').Select((line, i) => (line, i)).Where(l => ExpectMarker().IsMatch(l.line)).Select(l => l.i).ToList();
        Assert.Equal(expected, findings.Select(f => result.Document.Source.GetPosition(f.Span.Start).Line));
        var finding = Assert.Single(findings);
        Assert.Equal(Severity.Information, finding.Severity);
        Assert.Equal("AI-training clause (matched \"train\", \"AI\") is inside a table cell", finding.Message);
        Assert.Equal("ai-training", finding.Details.Family);
    }

    [Fact]
    public void The_generator_adds_the_new_rule_to_every_generated_file_and_changes_nothing_else()
    {
        var files = GeneratedFiles.Render(TestPaths.RepoRoot, WithNewRule).ToDictionary(f => f.Path);
        Assert.All(files.Values, f => Assert.False(f.IsUpToDate, $"{f.Path} does not list the new rule"));

        // What the committed files lose is only the lines that listed the rules before (each of them names PL101).
        Assert.All(files.Values, f => Assert.All(f.Committed.Split('\n').Except(f.Expected.Split('\n')), line => Assert.Contains("PL101", line, StringComparison.Ordinal)));

        Assert.Contains("\"PL199\", \"PL201\"", files[GeneratedFiles.Schema].Expected, StringComparison.Ordinal);
        Assert.Contains("\"ai-training-in-a-table\"", files[GeneratedFiles.Schema].Expected, StringComparison.Ordinal);
        using var package = JsonDocument.Parse(files[GeneratedFiles.PackageJson].Expected);
        var setting = package.RootElement.GetProperty("contributes").GetProperty("configuration").GetProperty("properties").GetProperty("policyLsp.rules");
        Assert.Equal("ai-training-in-a-table", setting.GetProperty("properties").GetProperty("PL199").GetProperty("description").GetString());
        Assert.Contains("new global::PolicyLsp.Analysis.Tests.Rules.AiTrainingInATable(),", files[GeneratedFiles.Registry].Expected, StringComparison.Ordinal);
        Assert.Contains("'PL102', 'PL199', 'PL201'", files[GeneratedFiles.ClientCore].Expected, StringComparison.Ordinal);
        Assert.Contains("| [PL199](docs/rules/PL199.md) | `ai-training-in-a-table` | an AI-training clause written inside a table cell |", files[GeneratedFiles.Readme].Expected, StringComparison.Ordinal);
        Assert.Contains("  PL199  ai-training-in-a-table ", WithNewRule.UsageTable(), StringComparison.Ordinal);

        // Generating again from the generated files changes nothing.
        Assert.All(files.Values, f => Assert.Equal(f.Expected, Regenerate(f.Path, f.Expected)));
    }

    private static string Regenerate(string path, string text) => path switch
    {
        GeneratedFiles.Registry => GeneratedFiles.RegistryFile(WithNewRule),
        GeneratedFiles.Schema => GeneratedFiles.SchemaRules(text, WithNewRule),
        GeneratedFiles.PackageJson => GeneratedFiles.PackageJsonRules(text, WithNewRule),
        GeneratedFiles.ClientCore => GeneratedFiles.ClientRuleCodes(text, WithNewRule),
        _ => GeneratedFiles.ReadmeTable(text, WithNewRule),
    };

    [GeneratedRegex("<!-- expect:([A-Z0-9 ]*)-->")]
    private static partial Regex ExpectMarker();
}

/// <summary>PL199 (docs/rules/PL199.md): an AI-training clause in a table cell, where readers skim past it.</summary>
internal sealed class AiTrainingInATable : IPolicyRule
{
    public RuleDescriptor Descriptor { get; } = new()
    {
        Code = "PL199",
        Name = "ai-training-in-a-table",
        Family = AiTrainingFamily.Descriptor,
        Title = "AI-training clause inside a table cell",
        Description = "A clause lets the organisation use people's data to train AI models, and it is written in a table cell rather than in the text.",
        Flags = "an AI-training clause written inside a table cell",
        DefaultSeverity = Severity.Information,
        Tags = ["ai-training", "layout"],
        Message = "{clause} ({matched}) is inside a table cell",
        FixTitle = "Move the clause out of the table",
    };

    public IEnumerable<Finding> Check(AnalysisContext context, RuleSetting setting) =>
        context.Clauses
            .Where(c => c.Family == Descriptor.ClauseFamily.Family && c.Sentence.Block.Kind == BlockKind.TableCell)
            .Select(c => new Finding(
                Descriptor,
                setting.Severity,
                c.Sentence.Span,
                Descriptor.FormatMessage(("clause", Descriptor.ClauseFamily.Label), ("matched", FixTemplates.Quote(c.Triggers))),
                [],
                [],
                new FindingDetails(Descriptor.ClauseFamily.Id, c.Triggers, [], [], null, null, [])));
}
