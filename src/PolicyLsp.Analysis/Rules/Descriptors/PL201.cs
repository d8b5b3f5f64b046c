using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Rules.Families;

namespace PolicyLsp.Analysis.Rules.Descriptors;

/// <summary>PL201 (docs/rules/PL201.md): a default-opt-in clause that does not say how the required regions are treated.</summary>
internal sealed class DefaultOptInWithoutRegionCarveOut() : RegionCarveOutRule(new RuleDescriptor
{
    Code = "PL201",
    Name = "default-opt-in-without-region-carveout",
    Family = DefaultOptInFamily.Descriptor,
    Title = "Default-opt-in clause without a region carve-out",
    Description = "A data use applies unless the person acts (on by default, opt-out) but the clause does not say how users in the required regions are treated differently.",
    Flags = "a default-opt-in clause with no carve-out for one or more required regions",
    DefaultSeverity = Severity.Warning,
    Tags = ["default-opt-in", "regions"],
    Message = "{clause} ({matched}) has no carve-out for: {missing} (found: {found})",
    FixTitle = "Insert a carve-out for {regions}",
});
