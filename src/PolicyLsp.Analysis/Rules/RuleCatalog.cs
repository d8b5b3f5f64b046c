using System.Text;
using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Analysis.Rules;

/// <summary>
/// The rules, found rather than listed by hand: tools/PolicyLsp.Generator finds every rule class of the engine and
/// writes <c>RuleCatalog.Registered.cs</c>, so that startup constructs them without reflection, and a test fails
/// when that list is out of date. Adding a rule is adding its file (plus its page and fixture).
/// </summary>
public sealed partial class RuleCatalog
{
    internal RuleCatalog(IEnumerable<IPolicyRule> rules)
    {
        // Plain loops: this runs once per process, before the first analysis, so it should cost no JIT of LINQ.
        var sorted = new List<IPolicyRule>(rules);
        sorted.Sort((a, b) => string.CompareOrdinal(a.Descriptor.Code, b.Descriptor.Code));
        var descriptors = new RuleDescriptor[sorted.Count];
        for (var i = 0; i < sorted.Count; i++)
        {
            descriptors[i] = sorted[i].Descriptor;
            for (var j = 0; j < i; j++)
            {
                var (a, b) = (descriptors[i], descriptors[j]);
                if (Same(a.Code, b.Code) || Same(a.Name, b.Name) || Same(a.Code, b.Name) || Same(a.Name, b.Code))
                {
                    throw new InvalidOperationException($"rule {a.Code} ({a.Name}) shares its code or name with rule {b.Code} ({b.Name})");
                }
            }
        }

        Rules = sorted;
        Descriptors = descriptors;
    }

    /// <summary>The engine's rules (built when first used: the first analysis or config read).</summary>
    public static RuleCatalog Default { get; } = new(Registered());

    internal IReadOnlyList<IPolicyRule> Rules { get; }

    public IReadOnlyList<RuleDescriptor> Descriptors { get; }

    /// <summary>The rule with this code or name (any case).</summary>
    public RuleDescriptor? Find(string codeOrName)
    {
        foreach (var rule in Descriptors)
        {
            if (Same(rule.Code, codeOrName) || Same(rule.Name, codeOrName))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>The rules judging clauses of <paramref name="family"/>.</summary>
    internal IEnumerable<IPolicyRule> Of(FamilyDescriptor family) => Rules.Where(r => ReferenceEquals(r.Descriptor.Family, family));

    /// <summary>The one rule of <paramref name="family"/> whose check is <typeparamref name="TCheck"/>.</summary>
    internal RuleDescriptor Of<TCheck>(FamilyDescriptor family)
        where TCheck : IPolicyRule =>
        Of(family).OfType<TCheck>().Single().Descriptor;

    /// <summary>
    /// The rules for a usage text, one a line: code, name, title, in columns, each line starting with
    /// <paramref name="indent"/> and ending with a newline.
    /// </summary>
    public string UsageTable(string indent = "  ")
    {
        var codeWidth = Descriptors.Max(r => r.Code.Length);
        var nameWidth = Descriptors.Max(r => r.Name.Length);
        var text = new StringBuilder();
        foreach (var rule in Descriptors)
        {
            text.Append(indent).Append(rule.Code.PadRight(codeWidth)).Append("  ").Append(rule.Name.PadRight(nameWidth))
                .Append("  ").Append(rule.Title).Append('\n');
        }

        return text.ToString();
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
