using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Rules.Families;

namespace PolicyLsp.Analysis.Rules.Descriptors;

/// <summary>PL102 (docs/rules/PL102.md): an AI-training clause that nothing nearby explains in everyday words.</summary>
internal sealed class AiTrainingWithoutPlainLanguage() : PlainLanguageRule(new RuleDescriptor
{
    Code = "PL102",
    Name = "ai-training-without-plain-language",
    Family = AiTrainingFamily.Descriptor,
    Title = "AI-training clause without a plain-language disclosure",
    Description = "A clause lets the organisation use people's data to train AI models but nothing near it tells the reader, in short everyday words, what data is used, whether it is on by default and how to turn it off.",
    Flags = "an AI-training clause with no plain-language disclosure near it",
    DefaultSeverity = Severity.Warning,
    Tags = ["ai-training", "readability"],
    Message = "{clause} ({matched}) has no plain-language disclosure: missing {missing}{grade}",
    FixTitle = "Insert a plain-language block",
    ExtraBackground = "GDPR Arts. 12–13 also require the information to be concise and in clear, plain language.",
});
