using PolicyLsp.Analysis.Changes;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Analysis.Rules;

/// <summary>
/// The check of PL301–PL305: the material changes of one kind between the document and the earlier version it is
/// compared with (none when there is no earlier version). Message placeholder: <c>{what}</c>, what changed. The
/// earlier clause (or date line) is the related location when the earlier version is a file, and the details'
/// <c>Earlier</c> says what it read.
/// </summary>
internal abstract class MaterialChangeRule(RuleDescriptor descriptor, ChangeKind kind) : IPolicyRule
{
    /// <summary>The tag every material-change rule's descriptor carries (and its page lists).</summary>
    public const string Tag = RuleDescriptor.MaterialChangeTag;

    public RuleDescriptor Descriptor { get; } = descriptor;

    public IEnumerable<Finding> Check(AnalysisContext context, RuleSetting setting)
    {
        if (context.Previous is not { } previous)
        {
            yield break;
        }

        var family = Descriptor.Family?.Id ?? Tag;
        foreach (var change in context.MaterialChanges)
        {
            if (change.Kind != kind)
            {
                continue;
            }

            var earlier = change.OldSpan is null ? $"{previous.Label}: nothing like it" : $"{previous.Label}: {Shorten(change.OldText)}";
            var related = change.OldSpan is { } old && previous.Location is { } location
                ? new[]
                {
                    new RelatedLocation(
                        old,
                        $"Earlier version ({previous.Label}): {Shorten(change.OldText)}",
                        location,
                        previous.Result.Document.Source.GetPosition(old.Start).Line),
                }
                : [];
            yield return new Finding(
                Descriptor,
                setting.Severity,
                change.Span,
                Descriptor.FormatMessage(("what", change.What)),
                related,
                FixTemplates.SuppressLine(context, change.Span, Descriptor),
                new FindingDetails(family, [], [], [], null, null, [], earlier));
        }
    }

    private static string Shorten(string? text)
    {
        var line = (text ?? string.Empty).ReplaceLineEndings(" ").Trim();
        return line.Length > 100 ? line[..99] + "…" : line;
    }
}
