namespace PolicyLsp.Analysis.Clauses;

/// <summary>
/// What the classifier may read around a sentence, each computed only when asked for.
/// </summary>
/// <param name="ConsentEarlier">Whether an earlier sentence of the same paragraph asks for consent first.</param>
/// <param name="Previous">The previous sentence of the same paragraph, if any; for a list entry's first sentence, the last
/// sentence of the entry before it in the same list.</param>
/// <param name="Row">For a table cell, the sentences of the other cells of its row.</param>
/// <param name="LeadIn">For a list entry, the sentences of the paragraph that leads the list in.</param>
/// <param name="Next">The next sentence of the same paragraph, if any.</param>
/// <param name="InChoicesSection">For a list entry, whether its section's heading is about the reader's choices ("Your
/// choices", "How to opt out").</param>
/// <param name="UnderNegatingHeading">For a list entry, whether its list opens a section whose heading is a negation ("### We
/// do not" over "- use your chats to train AI models").</param>
/// <param name="OwnNames">The names the document gives its author (<see cref="Clauses.OwnNames"/>).</param>
/// <param name="InRightsSection">For a list entry, whether its section's heading names a right ("Your rights").</param>
internal sealed record Surroundings(
    Func<bool>? ConsentEarlier = null,
    Func<SentenceFacts?>? Previous = null,
    Func<IReadOnlyList<SentenceFacts>>? Row = null,
    Func<IReadOnlyList<SentenceFacts>>? LeadIn = null,
    Func<SentenceFacts?>? Next = null,
    Func<bool>? InChoicesSection = null,
    IReadOnlyList<string>? OwnNames = null,
    Func<bool>? UnderNegatingHeading = null,
    Func<bool>? InRightsSection = null)
{
    public static readonly Surroundings None = new();
}
