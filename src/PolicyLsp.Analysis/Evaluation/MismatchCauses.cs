using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Parsing;

namespace PolicyLsp.Analysis.Evaluation;

/// <summary>
/// Why the engine missed a labelled clause or raised a false one, read from the vocabulary the sentence matched:
/// misses and false alarms are grouped by these causes in <c>policylsp eval</c>, so a class of language shows up
/// as one group rather than as scattered lines.
/// </summary>
public static class MismatchCauses
{
    /// <summary>The cause of a miss: the labelled clause's sentence starts on <paramref name="line"/>.</summary>
    public static string OfMiss(AnalysisResult result, int line, string family, Func<int, int> lineOf)
    {
        var sentence = result.Document.Sentences.FirstOrDefault(s => lineOf(s.Span.Start) == line);
        if (sentence is null)
        {
            return "no sentence starts on the line (split or parsed differently)";
        }

        var clauseFamily = family == EvaluationFamilies.Ai ? ClauseFamily.AiTraining : ClauseFamily.DefaultOptIn;
        if (result.Context.Clauses.Any(c => c.Family == clauseFamily && Math.Abs(lineOf(c.Sentence.Span.Start) - line) <= 2))
        {
            return "found on a neighbouring sentence";
        }

        var f = result.Context.Facts(sentence);
        return family == EvaluationFamilies.Ai ? AiMiss(f) : OptInMiss(f);
    }

    /// <summary>The cause of a false alarm: the vocabulary that made the sentence a clause.</summary>
    public static string OfFalseAlarm(AnalysisResult result, Clause clause)
    {
        var f = result.Context.Facts(clause.Sentence);
        var sets = clause.Family == ClauseFamily.AiTraining
            ? new[] { "ai.strongVerbs", "ai.weakVerbs", "exception.optOut" }
            : new[] { "optin.defaultOn", "optin.byDefault", "optin.optOut", "optin.optOutWeak", "optin.implied", "optin.preventOffer" };
        var matched = sets.Where(f.Has).ToList();
        var cause = $"triggered by {(matched.Count == 0 ? "a carried topic" : string.Join(" + ", matched))}";
        return f.Has("negation") ? cause + ", with a negation not taken" : cause;
    }

    private static string AiMiss(SentenceFacts f)
    {
        if (!f.Has("ai.strongVerbs") && !f.Has("ai.weakVerbs"))
        {
            return "no training verb";
        }

        if (!f.Has("ai.specificTerms") && !f.Has("ai.genericTerms"))
        {
            return "no AI or model words";
        }

        return f switch
        {
            _ when f.Has("ai.thirdPartyRules") => "excluded as a third-party rule",
            _ when f.Has("default.protective") => "excluded as a protective default",
            _ when f.Has("ai.nonPersonalData") => "excluded as non-personal data",
            _ when !f.Has("ai.dataTerms") => "no data words",
            _ when f.Has("negation") => "read as negated",
            _ when f.Has("gate.consent") => "read as consent-gated",
            _ => "verb and model words not tied together",
        };
    }

    private static string OptInMiss(SentenceFacts f)
    {
        var signal = new[] { "optin.defaultOn", "optin.byDefault", "optin.optOut", "optin.optOutWeak", "optin.implied", "optin.preventOffer" }.Any(f.Has);
        if (!signal)
        {
            return "no opt-out or default wording";
        }

        return f switch
        {
            _ when f.Has("default.protective") => "excluded as a protective default",
            _ when f.Has("optin.thirdPartyTools") || f.Has("optin.thirdPartyOptOut") => "excluded as a third party's opt-out",
            _ when f.Has("optin.rightsStatements") => "excluded as a statement of rights",
            _ when f.Has("optin.effectOnly") => "read as the effect of opting out",
            _ when f.Has("gate.consent") => "read as consent-gated",
            _ when !f.Has("optin.dataUseTerms") => "no data use named",
            _ when !f.Has("optin.firstParty") && !f.Has("plain.reader") => "no first-party actor or reader",
            _ when f.Has("negation") => "read as negated",
            _ => "opt-out wording not taken (weak or excluded)",
        };
    }
}
