using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Rules.Families;

namespace PolicyLsp.Analysis.Rules;

/// <summary>
/// What a family of clauses means outside the classifier: its names, the term sets that say a passage is about its
/// practice, the text of its fixes and why its rules exist. Code that treats the families differently reads these
/// instead of branching on <see cref="ClauseFamily"/>.
/// </summary>
public sealed class FamilyDescriptor
{
    /// <summary>The classifier's value for clauses of this family.</summary>
    public required ClauseFamily Family { get; init; }

    /// <summary>The family as findings and diagnostics name it (<c>ai-training</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The family as the evaluation labels name it (<c>ai</c>).</summary>
    public required string EvaluationName { get; init; }

    /// <summary>How messages start (<c>AI-training clause</c>).</summary>
    public required string Label { get; init; }

    /// <summary>The codes of its rules (<c>PL1xx</c>).</summary>
    public required string CodeSeries { get; init; }

    /// <summary>A regional section whose sentences meet this talks about the practice, so its regions count.</summary>
    public required TermCondition AddressesPractice { get; init; }

    /// <summary>A plain-language sentence that meets this names the practice.</summary>
    public required TermCondition NamesPractice { get; init; }

    /// <summary>
    /// True when a disclosure must name the clause's own data use ("telemetry"), not only the practice: a section
    /// may hold several practices of this family.
    /// </summary>
    public bool DisclosureNamesClauseTopics { get; init; }

    /// <summary>The term sets that can make a sentence a clause of this family (how a false alarm is explained).</summary>
    public required IReadOnlyList<string> TriggerSets { get; init; }

    /// <summary>
    /// The words a sentence lacks to be a clause of this family at all ("no training verb"), or null when it has them and
    /// the classifier's own reason applies (<see cref="AnalysisContext.WhyNot"/>).
    /// </summary>
    internal Func<SentenceFacts, string?> MissingWords { get; init; } = _ => null;

    /// <summary>The carve-out paragraph a fix inserts; <c>{regions}</c> is replaced by the missing regions.</summary>
    public required string CarveOutFix { get; init; }

    /// <summary>The plain-language block a fix inserts.</summary>
    public required string PlainLanguageFix { get; init; }

    /// <summary>Why rules on this family exist, for hovers (not legal advice).</summary>
    public required string Background { get; init; }

    /// <summary>The families, in the order of <see cref="ClauseFamily"/>.</summary>
    public static IReadOnlyList<FamilyDescriptor> All { get; } = [AiTrainingFamily.Descriptor, DefaultOptInFamily.Descriptor];

    public static FamilyDescriptor Of(ClauseFamily family) => All[(int)family];

    /// <summary>The family the evaluation labels call <paramref name="evaluationName"/>, if any.</summary>
    public static FamilyDescriptor? ForEvaluationName(string evaluationName) =>
        All.FirstOrDefault(f => f.EvaluationName == evaluationName);

    public string CarveOutText(string regions) => CarveOutFix.Replace("{regions}", regions, StringComparison.Ordinal);
}

/// <summary>Background every family shares: why the European regions are the default.</summary>
internal static class LegalBackground
{
    public const string Europe = "In the EU/EEA, using personal data this way without consent usually rests on legitimate interest "
        + "(GDPR Art. 6(1)(f)), which gives people the right to object (Art. 21); the UK GDPR and the Swiss FADP "
        + "set similar expectations, so policies commonly say how users in these regions are treated.";
}
