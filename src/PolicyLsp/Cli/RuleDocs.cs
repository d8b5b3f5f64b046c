using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Cli;

/// <summary>Where a rule's documentation page is: the configured base URL, or the page shipped beside the binary.</summary>
public static class RuleDocs
{
    public static string ShippedBase => new Uri(Path.Combine(AppContext.BaseDirectory, "docs", "rules") + Path.DirectorySeparatorChar).AbsoluteUri;

    public static string UriFor(RuleDescriptor rule, PolicyConfig? config) => rule.HelpUri(config?.DocsBaseUrl ?? ShippedBase);
}
