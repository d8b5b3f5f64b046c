using PolicyLsp.Analysis.Changes;
using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Analysis.Rules.Descriptors;

/// <summary>PL303 (docs/rules/PL303.md): a clause carved out for fewer regions than in the earlier version.</summary>
internal sealed class CarveOutNarrowed() : MaterialChangeRule(
    new RuleDescriptor
    {
        Code = "PL303",
        Name = "carve-out-narrowed",
        Title = "Region carve-out narrowed since the earlier version",
        Description = "A clause that is in both versions is carved out for fewer of the required regions than before: a region dropped from a list, or a regional section removed.",
        Flags = "a clause carved out for fewer regions than in the earlier version",
        DefaultSeverity = Severity.Information,
        Tags = [MaterialChangeRule.Tag, "regions"],
        Message = "{what}",
        FixTitle = "Give notice of the change, or undo it",
        ExtraBackground = "People in a dropped region are now treated like everyone else; new processing of their data needs notice before it starts (GDPR Art. 13(3)).",
    },
    ChangeKind.CarveOutNarrowed);
