using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Analysis.Configuration;

public sealed record RuleSetting(bool Enabled, Severity Severity);

/// <summary>The settings of one analysis: defaults, then the project file, then editor settings, then front matter.</summary>
public sealed record PolicyConfig
{
    public static readonly IReadOnlyList<string> DefaultPolicyFiles =
    [
        "**/*privacy*.md", "**/*polic*.md", "**/*terms*.md", "**/*notice*.md", "**/*cookie*.md",
    ];

    /// <summary>
    /// The regions every clause must carve out unless configured otherwise: the one place they are spelled. The JSON
    /// schema's and the VS Code extension's defaults are held to it by a test (DefaultRegionsTests).
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultRequiredRegions = ["EU", "EEA", "UK", "CH"];

    public static PolicyConfig Default { get; } = new();

    public IReadOnlyList<string> RequiredRegions { get; init; } = DefaultRequiredRegions;

    public double MaxGrade { get; init; } = 10;

    public IReadOnlyDictionary<string, RuleSetting> Rules { get; init; } = new Dictionary<string, RuleSetting>();

    public IReadOnlyList<string> PolicyFiles { get; init; } = DefaultPolicyFiles;

    public IReadOnlyDictionary<string, IReadOnlyList<string>> ExtraTerms { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public string Language { get; init; } = "en";

    /// <summary>Where the rule pages live (a folder URL holding PL101.md …); null = the pages shipped with the tool.</summary>
    public string? DocsBaseUrl { get; init; }

    /// <summary>
    /// Folders outside the workspace that links may also lead to; set only by the user (editor settings, or
    /// <c>check --link-root</c>), never by a file of the repository.
    /// </summary>
    public IReadOnlyList<string> LinkRoots { get; init; } = [];

    /// <summary>Most findings reported for one document (1–100,000): the first in document order; the rest are counted.</summary>
    public int MaxFindingsPerDocument { get; init; } = 1_000;

    /// <summary>The config file this came from, if any.</summary>
    public string? SourcePath { get; init; }

    public RuleSetting For(RuleDescriptor rule) =>
        Rules.TryGetValue(rule.Code, out var setting) ? setting : new RuleSetting(true, rule.DefaultSeverity);
}
