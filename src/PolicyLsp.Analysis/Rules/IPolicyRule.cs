using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Analysis.Rules;

/// <summary>
/// One rule: a descriptor (its public identity) and a check over an analysed document. A class that implements this
/// with a parameterless constructor is a rule: the generator (tools/PolicyLsp.Generator) finds it and lists it in
/// <c>RuleCatalog.Registered.cs</c>; nothing is listed by hand.
/// </summary>
internal interface IPolicyRule
{
    RuleDescriptor Descriptor { get; }

    IEnumerable<Finding> Check(AnalysisContext context, Configuration.RuleSetting setting);
}
