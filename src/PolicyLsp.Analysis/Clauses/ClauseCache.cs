using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Clauses;

/// <summary>
/// The clauses found in each paragraph, kept between analyses of one document: after an edit, only the paragraphs
/// whose text changed are classified again. A paragraph's clauses depend only on its plain text and the term pack,
/// so the text is the key; entries not used by the latest two analyses are dropped, so the cache stays the size of
/// the document. Safe to share between threads; one cache serves one document.
/// </summary>
public sealed class ClauseCache
{
    private readonly Lock _lock = new();
    private Dictionary<string, CachedClause[]> _current = new(StringComparer.Ordinal);
    private Dictionary<string, CachedClause[]> _previous = new(StringComparer.Ordinal);
    private TermPack? _terms;

    /// <summary>Paragraphs answered from the cache by the latest analysis, and those classified afresh.</summary>
    public (int Reused, int Classified) LastRun { get; private set; }

    internal bool TryGet(TermPack terms, Block block, out CachedClause[] clauses)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(terms, _terms))
            {
                // Another language or other extra terms: nothing cached still holds.
                _terms = terms;
                _current.Clear();
                _previous.Clear();
            }

            if (_current.TryGetValue(block.PlainText, out clauses!))
            {
                return true;
            }

            if (_previous.Remove(block.PlainText, out clauses!))
            {
                _current[block.PlainText] = clauses;
                return true;
            }

            return false;
        }
    }

    internal void Add(TermPack terms, Block block, CachedClause[] clauses)
    {
        lock (_lock)
        {
            if (ReferenceEquals(terms, _terms))
            {
                _current[block.PlainText] = clauses;
            }
        }
    }

    /// <summary>Ends one analysis: what it did not use ages by one generation.</summary>
    internal void Completed(int reused, int classified)
    {
        lock (_lock)
        {
            (_previous, _current) = (_current, _previous);
            _current.Clear();
            LastRun = (reused, classified);
        }
    }
}

/// <summary>A clause as cached: which sentence of its paragraph, and what the classifier said of it.</summary>
internal readonly record struct CachedClause(int SentenceOrdinal, ClauseFamily Family, IReadOnlyList<string> Triggers, IReadOnlySet<string> TopicWords);
