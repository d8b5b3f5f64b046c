using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Analysis.Rules;

/// <summary>One rule: a descriptor (its public identity) and a check over an analysed document.</summary>
public interface IPolicyRule
{
    RuleDescriptor Descriptor { get; }

    IEnumerable<Finding> Check(AnalysisContext context, Configuration.RuleSetting setting);
}

/// <summary>The rules, registered in one place.</summary>
public static class RuleRegistry
{
    public static IReadOnlyList<IPolicyRule> All { get; } =
    [
        new RegionCarveOutRule(RuleDescriptor.AiTrainingWithoutRegionCarveOut, Clauses.ClauseFamily.AiTraining),
        new PlainLanguageRule(RuleDescriptor.AiTrainingWithoutPlainLanguage, Clauses.ClauseFamily.AiTraining),
        new RegionCarveOutRule(RuleDescriptor.DefaultOptInWithoutRegionCarveOut, Clauses.ClauseFamily.DefaultOptIn),
        new PlainLanguageRule(RuleDescriptor.DefaultOptInWithoutPlainLanguage, Clauses.ClauseFamily.DefaultOptIn),
    ];
}
