using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis;

/// <summary>
/// What analyses of one document keep for the next version: its parsed chunks (see <see cref="PolicyParser"/>). The
/// paragraphs and sentences of a chunk carry what analyses found in them (clauses, vocabulary matches), so after an
/// edit only the chunk it touched is parsed again, and of that chunk only the paragraphs whose text changed are
/// classified again (a re-parsed chunk takes over the findings of the unchanged paragraphs of the chunk it replaces),
/// together with the table cells and list entries of that chunk, whose clauses may depend on their row, lead-in or heading.
/// The cache holds one version, so it stays the size of the document. Safe to share between threads; one cache serves
/// one document.
/// </summary>
public sealed class AnalysisCache
{
    /// <summary>The document's chunks as parsed by the latest analysis.</summary>
    internal ParseCache Chunks { get; } = new();

    /// <summary>Paragraphs whose clauses the latest analysis took from an earlier one, and those classified afresh.</summary>
    public (int Reused, int Classified) LastRun { get; internal set; }

    /// <summary>Whether the cache holds chunks (see <see cref="Workspace.PolicyWorkspace"/>'s warm documents), and when it was last used.</summary>
    internal bool Warm { get; set; }

    internal long LastUse { get; set; }
}

/// <summary>
/// A paragraph's clauses as found with one term pack, and the other paragraphs they were found with (a table cell's
/// row, a list entry's lead-in and the entry before it), whether a list entry's list opens a section under a negating
/// heading, the heading of its section (a list entry under "Your choices") and the names the
/// document gives its author: they hold only while those are the very same parsed paragraphs, heading and names.
/// </summary>
internal sealed record ClassifiedBlock(
    TermPack Terms, CachedClause[] Clauses, BlockItem[] Context, BlockItem? PreviousEntry, bool UnderNegatingHeading, string Heading, string[] OwnNames)
{
    public ClassifiedBlock(TermPack terms, CachedClause[] clauses, Block[] context, Block? previousEntry, bool underNegatingHeading, string heading, string[] ownNames)
        : this(terms, clauses, Array.ConvertAll(context, b => b.Item), previousEntry?.Item, underNegatingHeading, heading, ownNames)
    {
    }

    public bool HoldsFor(TermPack terms, Block[] context, Block? previousEntry, bool underNegatingHeading, string heading, string[] ownNames)
    {
        if (!ReferenceEquals(Terms, terms) || Context.Length != context.Length || !ReferenceEquals(PreviousEntry, previousEntry?.Item)
            || UnderNegatingHeading != underNegatingHeading
            || !string.Equals(Heading, heading, StringComparison.Ordinal) || !OwnNames.AsSpan().SequenceEqual(ownNames))
        {
            return false;
        }

        for (var i = 0; i < context.Length; i++)
        {
            if (!ReferenceEquals(Context[i], context[i].Item))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A clause as kept with its paragraph: which sentence of it, and what the classifier said of it.</summary>
internal readonly record struct CachedClause(int SentenceOrdinal, ClauseFamily Family, IReadOnlyList<string> Triggers, IReadOnlySet<string> TopicWords);
