// Generated from the rule classes by tools/PolicyLsp.Generator (dotnet run --project tools/PolicyLsp.Generator -- --write): do not edit.
namespace PolicyLsp.Analysis.Rules;

public sealed partial class RuleCatalog
{
    private static IPolicyRule[] Registered() =>
    [
        new global::PolicyLsp.Analysis.Rules.Descriptors.AiTrainingWithoutRegionCarveOut(),
        new global::PolicyLsp.Analysis.Rules.Descriptors.AiTrainingWithoutPlainLanguage(),
        new global::PolicyLsp.Analysis.Rules.Descriptors.DefaultOptInWithoutRegionCarveOut(),
        new global::PolicyLsp.Analysis.Rules.Descriptors.DefaultOptInWithoutPlainLanguage(),
        new global::PolicyLsp.Analysis.Rules.Descriptors.NewAiTrainingUse(),
        new global::PolicyLsp.Analysis.Rules.Descriptors.NewDefaultOptIn(),
        new global::PolicyLsp.Analysis.Rules.Descriptors.CarveOutNarrowed(),
        new global::PolicyLsp.Analysis.Rules.Descriptors.PlainLanguageDisclosureRemoved(),
        new global::PolicyLsp.Analysis.Rules.Descriptors.ChangedWithoutNewDate(),
    ];
}
