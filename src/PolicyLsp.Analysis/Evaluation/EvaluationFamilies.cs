using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Analysis.Evaluation;

/// <summary>The family names the labels use ("ai", "optin") and the rules that judge each family's clauses.</summary>
public static class EvaluationFamilies
{
    public const string Ai = "ai";
    public const string OptIn = "optin";

    public static IReadOnlyList<string> All { get; } = [Ai, OptIn];

    public static string Of(ClauseFamily family) => family == ClauseFamily.AiTraining ? Ai : OptIn;

    /// <summary>"ai (PL1xx)", "optin (PL2xx)": how reports name a family.</summary>
    public static string Display(string family) => family == Ai ? "ai (PL1xx)" : "optin (PL2xx)";

    public static RuleDescriptor CarveOutRule(string family) =>
        family == Ai ? RuleDescriptor.AiTrainingWithoutRegionCarveOut : RuleDescriptor.DefaultOptInWithoutRegionCarveOut;

    public static RuleDescriptor PlainLanguageRule(string family) =>
        family == Ai ? RuleDescriptor.AiTrainingWithoutPlainLanguage : RuleDescriptor.DefaultOptInWithoutPlainLanguage;
}
