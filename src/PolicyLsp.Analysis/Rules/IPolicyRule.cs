using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Analysis.Rules;

/// <summary>
/// One rule: a descriptor (its public identity) and a check over an analysed document. A class that implements this
/// and has a parameterless constructor is a rule: <see cref="RuleCatalog"/> finds it, nothing lists it.
/// </summary>
public interface IPolicyRule
{
    RuleDescriptor Descriptor { get; }

    IEnumerable<Finding> Check(AnalysisContext context, Configuration.RuleSetting setting);
}
