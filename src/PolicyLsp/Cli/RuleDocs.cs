using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Cli;

/// <summary>Where a rule's documentation page is: the configured base URL, or the page shipped beside the binary.</summary>
public static class RuleDocs
{
    public static string ShippedBase => new Uri(Path.Combine(AppContext.BaseDirectory, "docs", "rules") + Path.DirectorySeparatorChar).AbsoluteUri;

    /// <summary>
    /// The page's URL, escaped so that it can stand in Markdown link syntax and in SARIF's <c>helpUri</c> as is
    /// (parentheses, spaces and brackets encoded); a base URL that is not an absolute http(s) or file URL is not used.
    /// </summary>
    public static string UriFor(RuleDescriptor rule, PolicyConfig? config)
    {
        var baseUrl = config?.DocsBaseUrl is { } configured && ConfigReader.SafeDocsUrl(configured) is { } safe ? safe : ShippedBase;
        var page = ConfigReader.SafeDocsUrl(rule.HelpUri(baseUrl)) ?? rule.HelpUri(ShippedBase);
        return page.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)
            .Replace("[", "%5B", StringComparison.Ordinal).Replace("]", "%5D", StringComparison.Ordinal);
    }
}
