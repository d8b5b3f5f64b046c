using PolicyLsp.Analysis.Changes;
using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Analysis.Rules.Descriptors;

/// <summary>PL301 (docs/rules/PL301.md): an AI-training clause, or an AI-training purpose, that the earlier version did not have.</summary>
internal sealed class NewAiTrainingUse() : MaterialChangeRule(
    new RuleDescriptor
    {
        Code = "PL301",
        Name = "new-ai-training-use",
        Title = "AI-training use new since the earlier version",
        Description = "Compared with the earlier version of the policy, the organisation now uses people's data to train AI models: an AI-training clause with no counterpart before, or a data use whose purpose now includes training.",
        Flags = "an AI-training clause, or an AI-training purpose, that the earlier version did not have",
        DefaultSeverity = Severity.Information,
        Tags = [MaterialChangeRule.Tag, "ai-training"],
        Message = "{what}",
        FixTitle = "Give notice of the change, or undo it",
        ExtraBackground = "People must be told about a new purpose before the processing starts (GDPR Art. 13(3)); the FTC warned in 2024 that quietly and retroactively changing a policy to allow AI training may be unfair or deceptive.",
    },
    ChangeKind.NewAiTraining);
