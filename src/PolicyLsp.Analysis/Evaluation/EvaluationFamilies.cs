using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Rules;

namespace PolicyLsp.Analysis.Evaluation;

/// <summary>The family names the labels use ("ai", "optin") and the rules that judge each family's clauses.</summary>
public static class EvaluationFamilies
{
    public const string Ai = "ai";
    public const string OptIn = "optin";

    public static IReadOnlyList<string> All { get; } = FamilyDescriptor.All.Select(f => f.EvaluationName).ToList();

    public static string Of(ClauseFamily family) => FamilyDescriptor.Of(family).EvaluationName;

    /// <summary>"ai (PL1xx)", "optin (PL2xx)": how reports name a family.</summary>
    public static string Display(string family) => $"{family} ({Descriptor(family).CodeSeries})";

    public static RuleDescriptor CarveOutRule(string family) => RuleCatalog.Default.Of<RegionCarveOutRule>(Descriptor(family));

    public static RuleDescriptor PlainLanguageRule(string family) => RuleCatalog.Default.Of<Rules.PlainLanguageRule>(Descriptor(family));

    /// <summary>The family the labels call <paramref name="family"/>.</summary>
    public static FamilyDescriptor Descriptor(string family) =>
        FamilyDescriptor.ForEvaluationName(family) ?? throw new ArgumentException($"no family is called \"{family}\" in the labels", nameof(family));
}
