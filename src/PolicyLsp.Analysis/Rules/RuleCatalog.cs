using System.Reflection;
using System.Text;
using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Analysis.Rules;

/// <summary>
/// The rules, found rather than listed: every concrete <see cref="IPolicyRule"/> with a parameterless constructor
/// in the engine's assembly, ordered by code. Adding a rule is adding its file (plus its page and fixture).
/// </summary>
public sealed class RuleCatalog
{
    // Found when first used (the first analysis or config read), not while the server starts.
    private static readonly Lazy<RuleCatalog> Discovered = new(() => Discover(typeof(RuleCatalog).Assembly));

    public RuleCatalog(IEnumerable<IPolicyRule> rules)
    {
        Rules = rules.OrderBy(r => r.Descriptor.Code, StringComparer.Ordinal).ToList();
        Descriptors = Rules.Select(r => r.Descriptor).ToList();
        foreach (var rule in Descriptors)
        {
            if (Descriptors.Count(r => Same(r.Code, rule.Code) || Same(r.Name, rule.Name) || Same(r.Code, rule.Name)) > 1)
            {
                throw new InvalidOperationException($"rule {rule.Code} ({rule.Name}) shares its code or name with another rule");
            }
        }
    }

    /// <summary>The engine's rules.</summary>
    public static RuleCatalog Default => Discovered.Value;

    public IReadOnlyList<IPolicyRule> Rules { get; }

    public IReadOnlyList<RuleDescriptor> Descriptors { get; }

    /// <summary>The rules defined in <paramref name="assemblies"/>.</summary>
    public static RuleCatalog Discover(params Assembly[] assemblies) =>
        new(assemblies
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IPolicyRule).IsAssignableFrom(t)
                && t.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes) is not null)
            .Select(t => (IPolicyRule)Activator.CreateInstance(t, nonPublic: true)!));

    /// <summary>The rule with this code or name (any case).</summary>
    public RuleDescriptor? Find(string codeOrName) =>
        Descriptors.FirstOrDefault(r => Same(r.Code, codeOrName) || Same(r.Name, codeOrName));

    /// <summary>The rules judging clauses of <paramref name="family"/>.</summary>
    public IEnumerable<IPolicyRule> Of(FamilyDescriptor family) => Rules.Where(r => ReferenceEquals(r.Descriptor.Family, family));

    /// <summary>The one rule of <paramref name="family"/> whose check is <typeparamref name="TCheck"/>.</summary>
    public RuleDescriptor Of<TCheck>(FamilyDescriptor family)
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
