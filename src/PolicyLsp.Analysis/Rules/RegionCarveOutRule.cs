using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Analysis.Rules;

/// <summary>
/// The check of PL101 and PL201: a clause of the descriptor's family whose practice is not scoped for every required
/// region. Message placeholders: <c>{clause}</c>, <c>{matched}</c>, <c>{missing}</c>, <c>{found}</c>; fix title:
/// <c>{regions}</c>.
/// </summary>
internal abstract class RegionCarveOutRule(RuleDescriptor descriptor) : IPolicyRule
{
    public RuleDescriptor Descriptor { get; } = descriptor;

    public IEnumerable<Finding> Check(AnalysisContext context, RuleSetting setting)
    {
        var family = Descriptor.ClauseFamily;
        foreach (var clause in context.StatedClauses)
        {
            if (clause.Family != family.Family)
            {
                continue;
            }

            var result = context.CarveOut(clause);
            if (result.OutOfScope || result.Missing.Count == 0)
            {
                continue;
            }

            var names = context.Catalog;
            var missing = result.Missing.Select(names.NameOf).ToList();
            var found = result.Found.Count == 0 ? "none" : string.Join(", ", result.Found.Select(names.NameOf));
            var message = Descriptor.FormatMessage(
                ("clause", family.Label), ("matched", FixTemplates.Quote(clause.Triggers)), ("missing", string.Join(", ", missing)), ("found", found));
            if (result.SawAmbiguousEurope)
            {
                message += "; \"Europe\" is ambiguous, name the EU, EEA, United Kingdom or Switzerland";
            }

            yield return new Finding(
                Descriptor,
                setting.Severity,
                clause.Sentence.Span,
                message,
                result.Related,
                new DeferredList<SuggestedFix>(() => [FixTemplates.CarveOut(context, clause, missing, Descriptor), FixTemplates.Suppress(context, clause, Descriptor)]),
                new FindingDetails(
                    family.Id,
                    clause.Triggers,
                    result.Found,
                    result.Missing,
                    null,
                    null,
                    missing.Select(m => $"carve-out for {m}").ToList()));
        }
    }
}
