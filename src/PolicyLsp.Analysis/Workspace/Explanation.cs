namespace PolicyLsp.Analysis.Workspace;

/// <summary>Why the engine did or did not see a clause in one sentence: the term sets it matched and the clauses found there.</summary>
/// <param name="Block">The kind of Markdown block the sentence is in (paragraph, list item, table cell, heading…).</param>
/// <param name="Matches">Each term set the sentence matched (in <see cref="Explanation.Sets"/> order) and the words that matched it.</param>
/// <param name="NotClauses">For each family the sentence has the words of but is not a clause of: the step that turned it down.</param>
public sealed record SentenceExplanation(
    string Text,
    string Block,
    string Section,
    IReadOnlyList<(string Set, IReadOnlyList<string> Words)> Matches,
    IReadOnlyList<ClauseExplanation> Clauses,
    IReadOnlyList<(string Family, string Reason)> NotClauses);

/// <summary>A clause found in the sentence and how the carve-out and plain-language judgements went.</summary>
/// <param name="PlainLanguageLine">The line (from 1) of the passage that counts as the plain-language disclosure, if any.</param>
/// <param name="Parts">The parts of a disclosure found (names of <see cref="PlainLanguage.DisclosurePart"/> flags).</param>
public sealed record ClauseExplanation(
    string Family,
    IReadOnlyList<string> CarveOutFound,
    IReadOnlyList<string> CarveOutMissing,
    bool OutOfScope,
    bool PlainLanguageFound,
    int? PlainLanguageLine,
    string Parts,
    double? Grade);

/// <summary>The <c>explain</c> query: what the engine matched in the sentences that start on a line.</summary>
public static class Explanation
{
    /// <summary>The term sets an explanation reports, in this order.</summary>
    public static readonly IReadOnlyList<string> Sets =
    [
        "ai.strongVerbs", "ai.weakVerbs", "ai.specificTerms", "ai.genericTerms", "ai.dataTerms", "ai.contentTerms",
        "ai.trainingPurposes", "ai.thirdPartyRules", "ai.grantsOfRight", "ai.exampleMarkers", "ai.governedBy", "negation",
        "exception.optOut", "gate.consent", "default.protective", "optin.defaultOn", "optin.byDefault", "optin.optOut",
        "optin.optOutWeak", "optin.implied", "optin.dataUseTerms", "optin.firstParty", "optin.thirdPartyOptOut",
        "optin.commandOptOuts", "optin.readerControls", "optin.wayOutWithheld", "optin.browserRoutes", "optin.quittingRoutes",
        "optin.futureChanges", "optin.readerDecides", "optin.turnOffCondition", "plain.turnOff",
    ];

    /// <summary>The sentences of <paramref name="result"/> that start on <paramref name="line"/> (from 1), explained.</summary>
    public static IReadOnlyList<SentenceExplanation> OfLine(AnalysisResult result, int line)
    {
        var source = result.Document.Source;
        var context = result.Context;
        var explained = new List<SentenceExplanation>();
        foreach (var sentence in result.Document.Sentences.Where(s => source.GetPosition(s.Span.Start).Line + 1 == line))
        {
            var facts = context.Facts(sentence);
            var matches = new List<(string, IReadOnlyList<string>)>();
            foreach (var set in Sets)
            {
                var found = facts.Find(set);
                if (found.Count > 0)
                {
                    matches.Add((set, found.Select(facts.TextOf).ToList()));
                }
            }

            var clauses = new List<ClauseExplanation>();
            foreach (var clause in context.Clauses.Where(c => c.Sentence == sentence))
            {
                var carveOut = context.CarveOut(clause);
                var plain = context.PlainLanguage.Evaluate(clause);
                clauses.Add(new ClauseExplanation(
                    clause.FamilyLabel,
                    carveOut.Found,
                    carveOut.Missing,
                    carveOut.OutOfScope,
                    plain.Passes,
                    plain.Span is { } span ? source.GetPosition(span.Start).Line + 1 : null,
                    plain.Parts.ToString(),
                    plain.Grade));
            }

            // A family whose words the sentence has, without a clause of it: the step of the classifier that turned it down.
            var notClauses = new List<(string, string)>();
            Clauses.Rejections? why = null;
            foreach (var family in Rules.FamilyDescriptor.All)
            {
                if (context.ReasonNotClause(sentence, family, ref why) is { } reason)
                {
                    notClauses.Add((family.Label, reason));
                }
            }

            explained.Add(new SentenceExplanation(sentence.Text, sentence.Block.Kind.ToString(), sentence.Section.Title, matches, clauses, notClauses));
        }

        return explained;
    }
}
