using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Analysis.Rules;

/// <summary>
/// The check of PL102 and PL202: nothing near a clause of the descriptor's family explains it to the reader in short
/// everyday words. Message placeholders: <c>{clause}</c>, <c>{matched}</c>, <c>{missing}</c>, <c>{grade}</c>.
/// </summary>
internal abstract class PlainLanguageRule(RuleDescriptor descriptor) : IPolicyRule
{
    public RuleDescriptor Descriptor { get; } = descriptor;

    public IEnumerable<Finding> Check(AnalysisContext context, RuleSetting setting)
    {
        var threshold = context.Config.MaxGrade;
        var family = Descriptor.ClauseFamily;
        foreach (var clause in context.StatedClauses)
        {
            if (clause.Family != family.Family)
            {
                continue;
            }

            var result = context.PlainLanguage.Evaluate(clause);
            if (result.Passes)
            {
                continue;
            }

            var missing = result.MissingParts(threshold);
            var grade = result.Grade is { } g && g <= threshold ? $"; nearest candidate reads at grade {g:0.0} (threshold {threshold:0.#})" : string.Empty;
            var message = Descriptor.FormatMessage(
                ("clause", family.Label), ("matched", FixTemplates.Quote(clause.Triggers)), ("missing", string.Join(", ", missing)), ("grade", grade));
            var related = result.Span is { } span && !span.Overlaps(clause.Sentence.Block.Span)
                ? new[] { new RelatedLocation(span, "Nearest plain-language candidate") }
                : [];
            yield return new Finding(
                Descriptor,
                setting.Severity,
                clause.Sentence.Span,
                message,
                related,
                new DeferredList<SuggestedFix>(() => [FixTemplates.PlainLanguage(context, clause, Descriptor), FixTemplates.Suppress(context, clause, Descriptor)]),
                new FindingDetails(
                    family.Id,
                    clause.Triggers,
                    [],
                    [],
                    result.Grade,
                    threshold,
                    missing));
        }
    }
}
