using PolicyLsp.Analysis.Changes;
using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Analysis.Rules.Descriptors;

/// <summary>PL302 (docs/rules/PL302.md): a default-opt-in clause, or a move from consent to a default, that the earlier version did not have.</summary>
internal sealed class NewDefaultOptIn() : MaterialChangeRule(
    new RuleDescriptor
    {
        Code = "PL302",
        Name = "new-default-opt-in",
        Title = "Default opt-in new since the earlier version",
        Description = "Compared with the earlier version of the policy, a data use now applies by default: a default-opt-in clause with no counterpart before, or a practice that moved from consent to on by default.",
        Flags = "a default-opt-in clause, or a move from consent to a default, that the earlier version did not have",
        DefaultSeverity = Severity.Information,
        Tags = [MaterialChangeRule.Tag, "default-opt-in"],
        Message = "{what}",
        FixTitle = "Give notice of the change, or undo it",
        ExtraBackground = "Replacing consent with an opt-out changes the legal basis of the processing; people must be told before it starts (GDPR Art. 13(3)) and may object (Art. 21).",
    },
    ChangeKind.NewDefaultOptIn);
