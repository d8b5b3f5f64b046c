using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Analysis.Rules;

/// <summary>PL101 / PL201: a clause whose practice is not scoped for every required region.</summary>
public sealed class RegionCarveOutRule(RuleDescriptor descriptor, ClauseFamily family) : IPolicyRule
{
    public RuleDescriptor Descriptor { get; } = descriptor;

    public IEnumerable<Finding> Check(AnalysisContext context, RuleSetting setting)
    {
        foreach (var clause in context.Clauses)
        {
            if (clause.Family != family)
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
            var message = $"{clause.FamilyLabel} ({FixTemplates.Quote(clause.Triggers)}) has no carve-out for: {string.Join(", ", missing)} (found: {found})";
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
                new DeferredList<SuggestedFix>(() => [FixTemplates.CarveOut(context, clause, missing), FixTemplates.Suppress(context, clause, Descriptor)]),
                new FindingDetails(
                    family == ClauseFamily.AiTraining ? "ai-training" : "default-opt-in",
                    clause.Triggers,
                    result.Found,
                    result.Missing,
                    null,
                    null,
                    missing.Select(m => $"carve-out for {m}").ToList()));
        }
    }
}
