using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Regions;
using PolicyLsp.Analysis.Text;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Clauses;

/// <summary>A sentence's words and the vocabulary phrases found in them, computed once per analysis.</summary>
public sealed class SentenceFacts
{
    private static readonly List<PhraseMatch> NoMatches = [];

    [ThreadStatic]
    private static List<PhraseMatch>? Scratch;
    private readonly List<PhraseMatch>?[] _matches;
    private readonly TermPack _terms;
    private readonly Derived _derived;

    internal SentenceFacts(Sentence sentence, TermPack terms)
    {
        Sentence = sentence;
        _terms = terms;
        _derived = new Derived();
        Tokens = Tokenizer.Tokenize(sentence.Text);
        _matches = new List<PhraseMatch>?[terms.SetIds.Count];
        var all = Scratch ??= new List<PhraseMatch>(256);
        all.Clear();
        terms.Combined.FindAll(Tokens, all);

        // Size each set's list once: count first, then fill in token order.
        Span<int> counts = _matches.Length <= 128 ? stackalloc int[_matches.Length] : new int[_matches.Length];
        foreach (var match in all)
        {
            counts[(int)match.Tag!]++;
        }

        foreach (var match in all)
        {
            var id = (int)match.Tag!;
            (_matches[id] ??= new List<PhraseMatch>(counts[id])).Add(match);
        }

        if (all.Capacity > 4096)
        {
            // One enormous sentence must not leave its buffer on every thread for good.
            Scratch = null;
        }
    }

    /// <summary>The same facts for another sentence with the same text (the same paragraph in the next version of a document).</summary>
    private SentenceFacts(Sentence sentence, SentenceFacts same)
    {
        Sentence = sentence;
        _terms = same._terms;
        Tokens = same.Tokens;
        _matches = same._matches;
        _derived = same._derived;
    }

    public Sentence Sentence { get; }

    internal SentenceFacts For(Sentence sentence) => ReferenceEquals(sentence, Sentence) ? this : new SentenceFacts(sentence, this);

    public Token[] Tokens { get; }

    /// <summary>Words and syllables, for readability grades.</summary>
    public (int Words, int Syllables) ReadingStats
    {
        get
        {
            if (_derived.Stats is not { } stats)
            {
                var syllables = 0;
                foreach (var token in Tokens)
                {
                    syllables += TextMetrics.CountSyllables(token.OriginalSpan);
                }

                _derived.Stats = stats = new Tuple<int, int>(Tokens.Length, syllables);
            }

            return (stats.Item1, stats.Item2);
        }
    }

    /// <summary>The catalog's region names in the sentence (no document-defined terms), kept with the sentence's text.</summary>
    internal IReadOnlyList<RegionMention> CatalogMentions(RegionCatalog catalog)
    {
        if (_derived.Mentions is not { } cached || !ReferenceEquals(cached.Item1, catalog))
        {
            _derived.Mentions = cached = Tuple.Create(catalog, (IReadOnlyList<RegionMention>)catalog.FindMentions(Tokens, null));
        }

        return cached.Item2;
    }

    /// <summary>The matches of one named set, in token order; a name the pack does not have matches nothing.</summary>
    public List<PhraseMatch> Find(string set) =>
        _terms.SetIds.TryGetValue(set, out var id) ? _matches[id] ?? NoMatches : NoMatches;

    public bool Has(string set) => Find(set).Count > 0;

    /// <summary>The words a match covers, as written.</summary>
    public string TextOf(PhraseMatch match) =>
        Sentence.Text[Tokens[match.TokenStart].Start..Tokens[match.TokenEnd - 1].End];

    /// <summary>The text between two token positions, to look for clause breaks.</summary>
    public ReadOnlySpan<char> Between(int tokenEnd, int tokenStart)
    {
        if (tokenEnd <= 0 || tokenStart >= Tokens.Length || tokenEnd > tokenStart)
        {
            return [];
        }

        var from = Tokens[tokenEnd - 1].End;
        var to = Tokens[tokenStart].Start;
        return to > from ? Sentence.Text.AsSpan(from, to - from) : [];
    }

    /// <summary>
    /// Facts derived from the text alone on first use, shared by every sentence with the same text (later versions of
    /// the document). Each is set as one reference, so racing readers see either nothing or a whole value.
    /// </summary>
    private sealed class Derived
    {
        public Tuple<int, int>? Stats { get; set; }

        public Tuple<RegionCatalog, IReadOnlyList<RegionMention>>? Mentions { get; set; }
    }
}
