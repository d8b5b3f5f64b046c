using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Rules.Families;

namespace PolicyLsp.Analysis.Rules.Descriptors;

/// <summary>PL101 (docs/rules/PL101.md): an AI-training clause that does not say how the required regions are treated.</summary>
internal sealed class AiTrainingWithoutRegionCarveOut() : RegionCarveOutRule(new RuleDescriptor
{
    Code = "PL101",
    Name = "ai-training-without-region-carveout",
    Family = AiTrainingFamily.Descriptor,
    Title = "AI-training clause without a region carve-out",
    Description = "A clause lets the organisation use people's data to train AI models but does not say how users in the required regions (by default the EU, EEA, United Kingdom and Switzerland) are treated differently.",
    Flags = "an AI-training clause with no carve-out for one or more required regions",
    DefaultSeverity = Severity.Warning,
    Tags = ["ai-training", "regions"],
    Message = "{clause} ({matched}) has no carve-out for: {missing} (found: {found})",
    FixTitle = "Insert a carve-out for {regions}",
});
