using System.Text;
using PolicyLsp.Analysis.Rules;

namespace PolicyLsp.Analysis.Findings;

/// <summary>
/// Everything about a rule that is not its check: its code and name are API, its page explains it, and the JSON
/// schema, the editor settings, the README's rule table and the CLI usage are generated from these.
/// </summary>
public sealed record RuleDescriptor
{
    /// <summary>The tag every material-change rule (PL3xx) carries: what <c>diff</c> reports.</summary>
    public const string MaterialChangeTag = "material-change";

    /// <summary>PL101: what diagnostics, SARIF, suppression comments and settings use.</summary>
    public required string Code { get; init; }

    /// <summary>The rule's kebab-case name, accepted wherever the code is.</summary>
    public required string Name { get; init; }

    /// <summary>The family of clauses the rule judges; null for a rule about the document (PL305).</summary>
    public FamilyDescriptor? Family { get; init; }

    /// <summary>The family, for the rules that judge one family's clauses.</summary>
    public FamilyDescriptor ClauseFamily => Family ?? throw new InvalidOperationException($"rule {Code} judges no single family of clauses");

    /// <summary>One line, as in SARIF's short description and hovers.</summary>
    public required string Title { get; init; }

    /// <summary>A paragraph, as in SARIF's full description.</summary>
    public required string Description { get; init; }

    /// <summary>What it flags, completing "Flags …" (the README's rule table, the CLI usage).</summary>
    public required string Flags { get; init; }

    public Severity DefaultSeverity { get; init; } = Severity.Warning;

    /// <summary>The tags its documentation page lists.</summary>
    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>The finding's message, with <c>{placeholders}</c> the check fills (see <see cref="FormatMessage"/>).</summary>
    public required string Message { get; init; }

    /// <summary>The title of the fix that resolves a finding, with the same placeholders as the message.</summary>
    public required string FixTitle { get; init; }

    /// <summary>What the rule adds to its family's background, if anything.</summary>
    public string? ExtraBackground { get; init; }

    /// <summary>Why the rule exists, for hovers (not legal advice).</summary>
    public string Background => Family is null ? ExtraBackground ?? string.Empty : ExtraBackground is null ? Family.Background : Family.Background + " " + ExtraBackground;

    /// <summary>The documentation page, relative to the repository root.</summary>
    public string DocPage => $"docs/rules/{Code}.md";

    /// <summary>Every rule, by code; found once, when first asked for.</summary>
    public static IReadOnlyList<RuleDescriptor> All => RuleCatalog.Default.Descriptors;

    public static RuleDescriptor? Find(string codeOrName) => RuleCatalog.Default.Find(codeOrName);

    /// <summary>The rule's documentation page under a base URL (a folder holding PL101.md …).</summary>
    public string HelpUri(string docsBaseUrl) => $"{docsBaseUrl.TrimEnd('/')}/{Code}.md";

    /// <summary><see cref="Message"/> with each <c>{name}</c> replaced by its value; a name without a value stays as written.</summary>
    public string FormatMessage(params ReadOnlySpan<(string Name, string Value)> values) => Fill(Message, values);

    /// <summary><see cref="FixTitle"/> with its placeholders filled.</summary>
    public string FormatFixTitle(params ReadOnlySpan<(string Name, string Value)> values) => Fill(FixTitle, values);

    private static string Fill(string template, ReadOnlySpan<(string Name, string Value)> values)
    {
        var text = new StringBuilder(template.Length + 64);
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf('{', at);
            var close = open < 0 ? -1 : template.IndexOf('}', open + 1);
            if (close < 0)
            {
                break;
            }

            text.Append(template, at, open - at);
            var name = template.AsSpan(open + 1, close - open - 1);
            var found = false;
            foreach (var (key, value) in values)
            {
                if (name.SequenceEqual(key))
                {
                    text.Append(value);
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                text.Append(template, open, close - open + 1);
            }

            at = close + 1;
        }

        return text.Append(template, at, template.Length - at).ToString();
    }
}
