using PolicyLsp.Analysis.Changes;
using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Analysis.Rules.Descriptors;

/// <summary>PL305 (docs/rules/PL305.md): material changes while the effective or last-updated date stayed the same.</summary>
internal sealed class ChangedWithoutNewDate() : MaterialChangeRule(
    new RuleDescriptor
    {
        Code = "PL305",
        Name = "changed-without-new-date",
        Title = "Material change under an unchanged date",
        Description = "The policy has a material change (PL301–PL304) but its effective or last-updated date is the same as in the earlier version: a silent update.",
        Flags = "material changes while the effective or last-updated date stayed the same",
        DefaultSeverity = Severity.Information,
        Tags = [MaterialChangeRule.Tag],
        Message = "{what}",
        FixTitle = "Give notice of the change, or undo it",
        ExtraBackground = "A policy that changes its practices under the same date tells readers nothing changed; the FTC warned in 2024 against quiet, retroactive changes.",
    },
    ChangeKind.ChangedWithoutNewDate);
