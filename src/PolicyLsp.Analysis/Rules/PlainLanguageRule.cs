using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Analysis.Rules;

/// <summary>PL102 / PL202: nothing near the clause explains it to the reader in short everyday words.</summary>
public sealed class PlainLanguageRule(RuleDescriptor descriptor, ClauseFamily family) : IPolicyRule
{
    public RuleDescriptor Descriptor { get; } = descriptor;

    public IEnumerable<Finding> Check(AnalysisContext context, RuleSetting setting)
    {
        var threshold = context.Config.MaxGrade;
        foreach (var clause in context.Clauses)
        {
            if (clause.Family != family)
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
            var message = $"{clause.FamilyLabel} ({FixTemplates.Quote(clause.Triggers)}) has no plain-language disclosure: missing {string.Join(", ", missing)}{grade}";
            var related = result.Span is { } span && !span.Overlaps(clause.Sentence.Block.Span)
                ? new[] { new RelatedLocation(span, "Nearest plain-language candidate") }
                : [];
            yield return new Finding(
                Descriptor,
                setting.Severity,
                clause.Sentence.Span,
                message,
                related,
                new DeferredList<SuggestedFix>(() => [FixTemplates.PlainLanguage(context, clause), FixTemplates.Suppress(context, clause, Descriptor)]),
                new FindingDetails(
                    family == ClauseFamily.AiTraining ? "ai-training" : "default-opt-in",
                    clause.Triggers,
                    [],
                    [],
                    result.Grade,
                    threshold,
                    missing));
        }
    }
}
