using PolicyLsp.Analysis.Clauses;

namespace PolicyLsp.Analysis.Rules.Families;

/// <summary>Data uses that apply unless the person acts: on by default, opt-out (PL2xx).</summary>
public static class DefaultOptInFamily
{
    private static readonly string[] Signals = ["optin.defaultOn", "optin.byDefault", "optin.optOut", "optin.optOutWeak", "optin.implied", "optin.preventOffer",
        "optin.commandOptOuts", "optin.readerControls", "optin.onForEveryone"];

    public static FamilyDescriptor Descriptor { get; } = new()
    {
        Family = ClauseFamily.DefaultOptIn,
        Id = "default-opt-in",
        EvaluationName = "optin",
        Label = "Default-opt-in clause",
        CodeSeries = "PL2xx",
        AddressesPractice = TermCondition.AnySet("carveout.optInPractice", "optin.defaultOn", "optin.optOut"),
        NamesPractice = TermCondition.AnySet("optin.dataUseTerms"),
        DisclosureNamesClauseTopics = true,
        TriggerSets = Signals,
        MissingWords = f => Signals.Any(f.Has) ? null : "no opt-out or default wording",
        CarveOutFix = "**Users in {regions}:** this is off by default. We ask for your consent first, and you can withdraw it at any time in your account settings.",
        PlainLanguageFix = "> **In plain words:** We use [what data] to [what for]. This is on by default. To turn it off, go to [Settings > Privacy].",
        Background = LegalBackground.Europe + " In California, the CCPA/CPRA gives consumers the right to opt out of the sale or sharing "
            + "of their personal information, and opt-out defaults should be stated clearly.",
    };
}
