using PolicyLsp.Analysis.Clauses;

namespace PolicyLsp.Analysis.Rules;

/// <summary>
/// A test over a sentence's term-set matches, as data: it holds when the sentence matches every set of at least one
/// group (<c>[["ai.specificTerms"], ["ai.strongVerbs", "ai.genericTerms"]]</c> reads "specific terms, or a strong
/// verb with a generic term").
/// </summary>
public sealed class TermCondition(IReadOnlyList<IReadOnlyList<string>> anyOf)
{
    public IReadOnlyList<IReadOnlyList<string>> AnyOf { get; } = anyOf;

    /// <summary>Holds when any one of the sets matches.</summary>
    public static TermCondition AnySet(params string[] sets) => new(Array.ConvertAll(sets, s => new[] { s }));

    /// <summary>This condition, or all of <paramref name="sets"/> together.</summary>
    public TermCondition OrAll(params string[] sets)
    {
        var groups = new IReadOnlyList<string>[AnyOf.Count + 1];
        for (var i = 0; i < AnyOf.Count; i++)
        {
            groups[i] = AnyOf[i];
        }

        groups[^1] = sets;
        return new TermCondition(groups);
    }

    internal bool IsMetBy(SentenceFacts facts)
    {
        foreach (var group in AnyOf)
        {
            var all = true;
            foreach (var set in group)
            {
                if (!facts.Has(set))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }
}
