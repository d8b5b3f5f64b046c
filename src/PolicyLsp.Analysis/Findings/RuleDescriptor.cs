namespace PolicyLsp.Analysis.Findings;

/// <summary>A rule's public identity: its code and name are API; its page explains it.</summary>
public sealed record RuleDescriptor(string Code, string Name, string Title, string Description)
{
    public static readonly RuleDescriptor AiTrainingWithoutRegionCarveOut = new(
        "PL101",
        "ai-training-without-region-carveout",
        "AI-training clause without a region carve-out",
        "A clause lets the organisation use people's data to train AI models but does not say how users in the required regions (by default the EU, EEA, United Kingdom and Switzerland) are treated differently.");

    public static readonly RuleDescriptor AiTrainingWithoutPlainLanguage = new(
        "PL102",
        "ai-training-without-plain-language",
        "AI-training clause without a plain-language disclosure",
        "A clause lets the organisation use people's data to train AI models but nothing near it tells the reader, in short everyday words, what data is used, whether it is on by default and how to turn it off.");

    public static readonly RuleDescriptor DefaultOptInWithoutRegionCarveOut = new(
        "PL201",
        "default-opt-in-without-region-carveout",
        "Default-opt-in clause without a region carve-out",
        "A data use applies unless the person acts (on by default, opt-out) but the clause does not say how users in the required regions are treated differently.");

    public static readonly RuleDescriptor DefaultOptInWithoutPlainLanguage = new(
        "PL202",
        "default-opt-in-without-plain-language",
        "Default-opt-in clause without a plain-language disclosure",
        "A data use applies unless the person acts but nothing near it tells the reader, in short everyday words, what data is used, that it is on by default and how to turn it off.");

    public static IReadOnlyList<RuleDescriptor> All { get; } =
    [
        AiTrainingWithoutRegionCarveOut,
        AiTrainingWithoutPlainLanguage,
        DefaultOptInWithoutRegionCarveOut,
        DefaultOptInWithoutPlainLanguage,
    ];

    public static RuleDescriptor? Find(string codeOrName) =>
        All.FirstOrDefault(r => string.Equals(r.Code, codeOrName, StringComparison.OrdinalIgnoreCase)
            || string.Equals(r.Name, codeOrName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The rule's documentation page under a base URL (a folder holding PL101.md …).</summary>
    public string HelpUri(string docsBaseUrl) => $"{docsBaseUrl.TrimEnd('/')}/{Code}.md";
}
