namespace PolicyLsp.Analysis.Clauses;

/// <summary>
/// Why the classifier did not take a sentence as a clause of a family: the step that turned it down, in words a
/// writer can act on. Recorded only when asked for (<c>policylsp explain</c>, the evaluation's causes), never on the
/// analysis path.
/// </summary>
internal sealed class Rejections
{
    public const string Question = "a question states no practice";
    public const string Protective = "a protective default";
    public const string NoDataWords = "no data words (whose data is used is not said)";
    public const string NotTied = "the training verb and the model words are not tied together";
    public const string Negated = "read as negated";
    public const string ConsentFirst = "consent is asked first";
    public const string NoDataUse = "no data use named, here or in the previous sentence";
    public const string TheirOptOut = "a third party's opt-out or tool";
    public const string Ended = "a past practice that the sentence says has ended";

    // One per family at most: the first step that turned the sentence down.
    private readonly List<(ClauseFamily Family, string Reason)> _reasons = [];

    /// <summary>The reason for <paramref name="family"/>, if one was recorded.</summary>
    public string? For(ClauseFamily family) => _reasons.Find(r => r.Family == family).Reason;

    /// <summary>Records that the sentence is not a clause of <paramref name="family"/>; returns null for the caller to return.</summary>
    public Clause? Not(ClauseFamily family, string reason)
    {
        if (For(family) is null)
        {
            _reasons.Add((family, reason));
        }

        return null;
    }

    /// <summary>Takes back the reason for <paramref name="family"/>: a later step found the clause after all.</summary>
    public void Forget(ClauseFamily family) => _reasons.RemoveAll(r => r.Family == family);

    /// <summary>Opt-out or default wording the classifier did not take as a trigger: why, from what else the sentence says.</summary>
    public static string WeakWording(SentenceFacts f) =>
        f.Has("optin.rightsStatements") ? "a statement of legal rights, not a practice of ours"
        : f.Has("optin.thirdPartyOptOut") || f.Has("optin.thirdPartyTools") ? TheirOptOut
        : "opt-out wording without us or the reader as its actor, or a wish about something other than a data use";
}
