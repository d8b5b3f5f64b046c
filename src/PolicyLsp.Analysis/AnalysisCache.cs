using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis;

/// <summary>
/// The clauses found in each paragraph and the vocabulary matches of each sentence read, kept between analyses of
/// one document: after an edit, only the paragraphs whose text changed are classified again, and carve-out and
/// plain-language evidence is not matched again. Both depend only on the text and the term pack, so the text is the
/// key; entries not used by the latest analysis are dropped when the next one ends, so the cache stays the size of
/// the document. Safe to share between threads; one cache serves one document.
/// </summary>
public sealed class AnalysisCache
{
    private readonly Lock _lock = new();
    private Dictionary<string, CachedClause[]> _current = new(StringComparer.Ordinal);
    private Dictionary<string, CachedClause[]> _previous = new(StringComparer.Ordinal);
    private Dictionary<string, SentenceFacts> _currentFacts = new(StringComparer.Ordinal);
    private Dictionary<string, SentenceFacts> _previousFacts = new(StringComparer.Ordinal);
    private TermPack? _terms;

    /// <summary>The document's chunks as parsed by earlier analyses (see <see cref="PolicyParser"/>).</summary>
    internal ParseCache Chunks { get; } = new();

    /// <summary>Paragraphs answered from the cache by the latest analysis, and those classified afresh.</summary>
    public (int Reused, int Classified) LastRun { get; private set; }

    internal bool TryGet(TermPack terms, Block block, out CachedClause[] clauses)
    {
        lock (_lock)
        {
            UseTerms(terms);
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

    /// <summary>The sentence's vocabulary matches, from an earlier analysis when its text was read before.</summary>
    internal SentenceFacts Facts(TermPack terms, Sentence sentence)
    {
        lock (_lock)
        {
            UseTerms(terms);
            if (_currentFacts.TryGetValue(sentence.Text, out var facts))
            {
                return facts.For(sentence);
            }

            if (_previousFacts.Remove(sentence.Text, out facts))
            {
                _currentFacts[sentence.Text] = facts;
                return facts.For(sentence);
            }
        }

        // Matched outside the lock: analyses of other documents never wait on it, racing ones agree.
        var fresh = new SentenceFacts(sentence, terms);
        lock (_lock)
        {
            if (ReferenceEquals(terms, _terms))
            {
                _currentFacts[sentence.Text] = fresh;
            }
        }

        return fresh;
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

/// <summary>A clause as cached: which sentence of its paragraph, and what the classifier said of it.</summary>
internal readonly record struct CachedClause(int SentenceOrdinal, ClauseFamily Family, IReadOnlyList<string> Triggers, IReadOnlySet<string> TopicWords);
