using PolicyLsp.Analysis.Parsing;

namespace PolicyLsp.Analysis.Clauses;

public enum ClauseFamily
{
    AiTraining,
    DefaultOptIn,
}

/// <summary>A sentence that states an AI-training or default-opt-in practice, with the words that made it one.</summary>
internal sealed record Clause(ClauseFamily Family, Sentence Sentence, IReadOnlyList<string> Triggers, IReadOnlySet<string> TopicWords)
{
    /// <summary>What the family means outside the classifier: names, term sets, fix texts.</summary>
    public Rules.FamilyDescriptor Descriptor => Rules.FamilyDescriptor.Of(Family);

    public string FamilyLabel => Descriptor.Label;

    /// <summary>
    /// The sentence sums the document up ("In plain words: we use your chats to train our AI; turn it off in Settings"): a
    /// clause all the same, but the disclosure of a practice stated in full elsewhere, so it is left out of
    /// <see cref="AnalysisContext.StatedClauses"/>, which the rules flag.
    /// </summary>
    public bool InSummary { get; init; }
}
