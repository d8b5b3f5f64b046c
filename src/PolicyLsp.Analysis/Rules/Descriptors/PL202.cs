using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Rules.Families;

namespace PolicyLsp.Analysis.Rules.Descriptors;

/// <summary>PL202 (docs/rules/PL202.md): a default-opt-in clause that nothing nearby explains in everyday words.</summary>
internal sealed class DefaultOptInWithoutPlainLanguage() : PlainLanguageRule(new RuleDescriptor
{
    Code = "PL202",
    Name = "default-opt-in-without-plain-language",
    Family = DefaultOptInFamily.Descriptor,
    Title = "Default-opt-in clause without a plain-language disclosure",
    Description = "A data use applies unless the person acts but nothing near it tells the reader, in short everyday words, what data is used, that it is on by default and how to turn it off.",
    Flags = "a default-opt-in clause with no plain-language disclosure near it",
    DefaultSeverity = Severity.Warning,
    Tags = ["default-opt-in", "readability"],
    Message = "{clause} ({matched}) has no plain-language disclosure: missing {missing}{grade}",
    FixTitle = "Insert a plain-language block",
});
