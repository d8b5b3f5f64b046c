using PolicyLsp.Analysis.Clauses;

namespace PolicyLsp.Analysis.Rules.Families;

/// <summary>Clauses that let the organisation use people's data to train AI models (PL1xx).</summary>
public static class AiTrainingFamily
{
    public static FamilyDescriptor Descriptor { get; } = new()
    {
        Family = ClauseFamily.AiTraining,
        Id = "ai-training",
        EvaluationName = "ai",
        Label = "AI-training clause",
        CodeSeries = "PL1xx",
        AddressesPractice = TermCondition.AnySet("ai.specificTerms").OrAll("ai.strongVerbs", "ai.genericTerms"),
        NamesPractice = TermCondition.AnySet("ai.specificTerms", "ai.strongVerbs"),
        TriggerSets = ["ai.strongVerbs", "ai.weakVerbs", "exception.optOut"],
        MissingWords = MissingWords,
        CarveOutFix = "**Users in {regions}:** we do not use your personal data to train AI models unless you opt in. You can change your choice at any time in your account settings.",
        PlainLanguageFix = "> **In plain words:** We use [what data, e.g. your posts and messages] to train our AI models. This is on by default. To turn it off, go to [Settings > Privacy > AI training].",
        Background = LegalBackground.Europe,
    };

    private static string? MissingWords(SentenceFacts f) =>
        !f.Has("ai.strongVerbs") && !f.Has("ai.weakVerbs") ? "no training verb"
        : !f.Has("ai.specificTerms") && !f.Has("ai.genericTerms") ? "no AI or model words"
        : null;
}
