using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis;

/// <summary>
/// What analyses of one document keep for the next version: its parsed chunks (see <see cref="PolicyParser"/>), the
/// clauses found in each paragraph and the vocabulary matches of each sentence. After an edit only the chunk it
/// touched is parsed again and only the paragraphs whose text changed are classified again. Paragraphs and sentences
/// of chunks not parsed again carry their clauses and matches with them; the others are found by their text (they
/// depend only on it and the term pack). Entries not used by the latest analysis are dropped when the next one ends,
/// so the cache stays the size of the document. Safe to share between threads; one cache serves one document.
/// </summary>
public sealed class AnalysisCache
{
    private readonly Lock _lock = new();
    private Dictionary<string, CachedClause[]> _current = new(StringComparer.Ordinal);
    private Dictionary<string, CachedClause[]> _previous = new(StringComparer.Ordinal);
    private Dictionary<string, TextFacts> _currentFacts = new(StringComparer.Ordinal);
    private Dictionary<string, TextFacts> _previousFacts = new(StringComparer.Ordinal);
    private TermPack? _terms;

    /// <summary>The document's chunks as parsed by earlier analyses (see <see cref="PolicyParser"/>).</summary>
    internal ParseCache Chunks { get; } = new();

    /// <summary>Paragraphs answered from the cache by the latest analysis, and those classified afresh.</summary>
    public (int Reused, int Classified) LastRun { get; private set; }

    internal bool TryGet(TermPack terms, Block block, out CachedClause[] clauses)
    {
        // A paragraph of a chunk that was not parsed again carries its clauses.
        if (block.Item?.Classified is { } classified && ReferenceEquals(classified.Terms, terms))
        {
            clauses = classified.Clauses;
            return true;
        }

        lock (_lock)
        {
            UseTerms(terms);
            if (_current.TryGetValue(block.PlainText, out clauses!))
            {
                return Keep(terms, block, clauses);
            }

            if (_previous.Remove(block.PlainText, out clauses!))
            {
                _current[block.PlainText] = clauses;
                return Keep(terms, block, clauses);
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

        Keep(terms, block, clauses);
    }

    /// <summary>The sentence's vocabulary matches, from an earlier analysis when its text was read before.</summary>
    internal SentenceFacts Facts(TermPack terms, Sentence sentence)
    {
        if (sentence.Item?.Facts is { } kept && ReferenceEquals(kept.Terms, terms))
        {
            return new SentenceFacts(sentence, kept);
        }

        TextFacts? facts;
        lock (_lock)
        {
            UseTerms(terms);
            if (!_currentFacts.TryGetValue(sentence.Text, out facts) && _previousFacts.Remove(sentence.Text, out facts))
            {
                _currentFacts[sentence.Text] = facts;
            }
        }

        if (facts is null)
        {
            // Matched outside the lock: analyses of other documents never wait on it, racing ones agree.
            facts = new TextFacts(sentence.Text, terms);
            lock (_lock)
            {
                if (ReferenceEquals(terms, _terms))
                {
                    _currentFacts[sentence.Text] = facts;
                }
            }
        }

        sentence.Item?.Facts = facts;
        return new SentenceFacts(sentence, facts);
    }

    private static bool Keep(TermPack terms, Block block, CachedClause[] clauses)
    {
        block.Item?.Classified = new ClassifiedBlock(terms, clauses);
        return true;
    }

    /// <summary>Ends one analysis: what it did not use ages by one generation.</summary>
    internal void Completed(int reused, int classified)
    {
        lock (_lock)
        {
            (_previous, _current) = (_current, _previous);
            _current.Clear();
            (_previousFacts, _currentFacts) = (_currentFacts, _previousFacts);
            _currentFacts.Clear();
            LastRun = (reused, classified);
        }
    }

    private void UseTerms(TermPack terms)
    {
        if (!ReferenceEquals(terms, _terms))
        {
            // Another language or other extra terms: nothing cached still holds.
            _terms = terms;
            _current.Clear();
            _previous.Clear();
            _currentFacts.Clear();
            _previousFacts.Clear();
        }
    }
}

/// <summary>A paragraph's clauses as found with one term pack.</summary>
internal sealed record ClassifiedBlock(TermPack Terms, CachedClause[] Clauses);

/// <summary>A clause as cached: which sentence of its paragraph, and what the classifier said of it.</summary>
internal readonly record struct CachedClause(int SentenceOrdinal, ClauseFamily Family, IReadOnlyList<string> Triggers, IReadOnlySet<string> TopicWords);
