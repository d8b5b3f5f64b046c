using PolicyLsp.Analysis.Changes;
using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Analysis.Rules.Descriptors;

/// <summary>PL304 (docs/rules/PL304.md): a clause whose plain-language disclosure the earlier version had and this one lost.</summary>
internal sealed class PlainLanguageDisclosureRemoved() : MaterialChangeRule(
    new RuleDescriptor
    {
        Code = "PL304",
        Name = "plain-language-disclosure-removed",
        Title = "Plain-language disclosure removed since the earlier version",
        Description = "A clause that had a plain-language disclosure in the earlier version (what data, for what, on by default or not, how to turn it off, in short everyday words) has none now.",
        Flags = "a clause whose plain-language disclosure the earlier version had and this one lost",
        DefaultSeverity = Severity.Information,
        Tags = [MaterialChangeRule.Tag, "readability"],
        Message = "{what}",
        FixTitle = "Give notice of the change, or undo it",
        ExtraBackground = "Information must be concise and in clear, plain language (GDPR Art. 12(1)).",
    },
    ChangeKind.DisclosureRemoved);
