using System.Runtime.CompilerServices;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Regions;
using PolicyLsp.Analysis.Text;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Clauses;

/// <summary>A sentence's words and the vocabulary phrases found in them, computed once per analysis.</summary>
internal sealed class SentenceFacts
{
    private static readonly List<PhraseMatch> NoMatches = [];
    private readonly TextFacts _text;

    internal SentenceFacts(Sentence sentence, TermPack terms)
        : this(sentence, new TextFacts(sentence.Text, terms))
    {
    }

    /// <summary>The facts of a text read before, for a sentence with that text (in this or a later version of a document).</summary>
    internal SentenceFacts(Sentence sentence, TextFacts text)
    {
        Sentence = sentence;
        _text = text;
    }

    public Sentence Sentence { get; }

    public Token[] Tokens => _text.Tokens;

    /// <summary>What depends on the sentence's text only, shared with every sentence that has the same text.</summary>
    internal TextFacts Text => _text;

    /// <summary>Whether the sentence alone is a default-opt-in clause, once asked (it depends on the sentence's block, so it
    /// is kept here rather than with the text).</summary>
    internal StrongBox<bool>? OptInAlone { get; set; }

    /// <summary>What readability formulas count in the sentence, by its language's syllable rules (one sentence).</summary>
    public ReadingStats ReadingStats
    {
        get
        {
            if (_text.Stats is not { } stats)
            {
                var rules = _text.Terms.Readability;
                var sum = default(ReadingStats);
                foreach (var token in Tokens)
                {
                    sum += TextMetrics.Measure(token.OriginalSpan, rules);
                }

                _text.Stats = stats = new StrongBox<ReadingStats>(sum with { Sentences = sum.Words > 0 ? 1 : 0 });
            }

            return stats.Value;
        }
    }

    /// <summary>The catalog's region names in the sentence (no document-defined terms), kept with the sentence's text.</summary>
    internal IReadOnlyList<RegionMention> CatalogMentions(RegionCatalog catalog)
    {
        if (_text.Mentions is not { } cached || !ReferenceEquals(cached.Item1, catalog))
        {
            _text.Mentions = cached = Tuple.Create(catalog, (IReadOnlyList<RegionMention>)catalog.FindMentions(Tokens, null));
        }

        return cached.Item2;
    }

    /// <summary>
    /// The phrase lies between an opening bracket and a closing one after it ("texts (if you opt in)"). The bracket depth
    /// at each token is counted once per text, so asking costs nothing more on a long sentence.
    /// </summary>
    public bool InBrackets(PhraseMatch phrase)
    {
        if (_text.Brackets is not { } brackets)
        {
            var text = Sentence.Text.AsSpan();
            var depths = new int[Tokens.Length];
            var (depth, at) = (0, 0);
            for (var i = 0; i < Tokens.Length; i++)
            {
                var before = text[at..Tokens[i].Start];
                depth += before.Count('(') - before.Count(')');
                depths[i] = depth;
                at = Tokens[i].Start;
            }

            _text.Brackets = brackets = Tuple.Create(depths, text.LastIndexOf(')'));
        }

        return brackets.Item1[phrase.TokenStart] > 0 && brackets.Item2 >= Tokens[phrase.TokenEnd - 1].End;
    }

    /// <summary>Quoted terms the sentence defines ("X" means …, … ("X")) and their definitions, kept with the sentence's text.</summary>
    internal IReadOnlyList<(string Term, string Definition)> Definitions =>
        _text.Definitions ??= RegionFacts.ReadDefinitions(Sentence.Text, _text.Terms.Grammar.DefinitionPatterns);

    /// <summary>The language's function words, endings and patterns.</summary>
    public Grammar Grammar => _text.Terms.Grammar;

    /// <summary>The language's most common words (no word of these says what a sentence is about).</summary>
    public IReadOnlySet<string> CommonWords => _text.Terms.CommonWords;

    /// <summary>The matches of one named set, in token order; a name the pack does not have is a mistake and throws.</summary>
    public List<PhraseMatch> Find(string set) =>
        _text.Terms.SetIds.TryGetValue(set, out var id) ? _text.MatchesOf(id) ?? NoMatches : throw _text.Terms.UnknownSet(set);

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
}

/// <summary>
/// A text's words and the term pack's phrases found in them, plus what is derived from them on first use. It depends on
/// the text and the term pack only (never on a sentence of one version, so keeping it keeps no old document alive).
/// Each derived value is set as one reference, so racing readers see either nothing or a whole value.
/// </summary>
internal sealed class TextFacts
{
    [ThreadStatic]
    private static List<PhraseMatch>? Scratch;

    // Per set of the pack, the matches while a text is read; all null between reads.
    [ThreadStatic]
    private static List<PhraseMatch>?[]? Work;

    // The sets with matches, ascending, and their matches: a sentence matches a few of the pack's sets, and open
    // documents keep the facts of every sentence, so a slot per set would be most of their memory.
    private readonly int[] _setIds;
    private readonly List<PhraseMatch>[] _matches;

    public TextFacts(string text, TermPack terms)
    {
        Terms = terms;
        Tokens = Tokenizer.Tokenize(text);
        var matches = Work is { } work && work.Length == terms.SetIds.Count ? work : Work = new List<PhraseMatch>?[terms.SetIds.Count];
        try
        {
            Read(text, terms, matches);
            var count = 0;
            foreach (var list in matches)
            {
                count += list is { Count: > 0 } ? 1 : 0;
            }

            _setIds = new int[count];
            _matches = new List<PhraseMatch>[count];
            for (int id = 0, n = 0; id < matches.Length; id++)
            {
                if (matches[id] is { Count: > 0 } list)
                {
                    _setIds[n] = id;
                    _matches[n++] = list;
                }
            }
        }
        finally
        {
            Array.Clear(matches);
        }
    }

    /// <summary>The matches of the set with this id, in token order; null for none.</summary>
    public List<PhraseMatch>? MatchesOf(int id)
    {
        var at = ((ReadOnlySpan<int>)_setIds).BinarySearch(id);
        return at >= 0 ? _matches[at] : null;
    }

    private void Read(string text, TermPack terms, List<PhraseMatch>?[] matches)
    {
        var all = Scratch ??= new List<PhraseMatch>(256);
        all.Clear();
        terms.Combined.FindAll(Tokens, all);

        // "Glows.ai", "Copy.AI": the last label of a dotted name is no word ("ai" there names no AI).
        all.RemoveAll(m => IsNameSuffix(text, Tokens[m.TokenStart]));

        // Size each set's list once: count first, then fill in token order.
        Span<int> counts = matches.Length <= 128 ? stackalloc int[matches.Length] : new int[matches.Length];
        foreach (var match in all)
        {
            counts[(int)match.Tag!]++;
        }

        foreach (var match in all)
        {
            var id = (int)match.Tag!;
            (matches[id] ??= new List<PhraseMatch>(counts[id])).Add(match);
        }

        if (all.Capacity > 4096)
        {
            // One enormous sentence must not leave its buffer on every thread for good.
            Scratch = null;
        }

        // "including but not limited to", "no later than": a negation word that denies nothing, and a contrast word that
        // contrasts nothing.
        if (matches[terms.SetIds["negation.exempt"]] is { Count: > 0 } exempt)
        {
            foreach (var set in (ReadOnlySpan<string>)["negation", "ai.contrasts"])
            {
                var id = terms.SetIds[set];
                if (matches[id] is { } words && words.RemoveAll(n => exempt.Exists(e => e.TokenStart <= n.TokenStart && n.TokenEnd <= e.TokenEnd)) > 0
                    && words.Count == 0)
                {
                    matches[id] = null;
                }
            }
        }

        if (terms.Compositions.Length > 0)
        {
            Compose(text, terms.Compositions, matches);
        }
    }

    /// <summary>
    /// The last label of a dotted name: a token in one case, glued by a dot to the word before it and not followed by another
    /// label ("ai" in "Glows.ai", "AI" in "Copy.AI"; not "aboutads" in "www.aboutads.info", a tool's name, "K" in "U.K.", a
    /// letter of its own, nor "We" in "our services.We may", a missing space).
    /// </summary>
    private static bool IsNameSuffix(string text, Token token) =>
        token.Start >= 3 && text[token.Start - 1] == '.' && char.IsLetterOrDigit(text[token.Start - 2]) && char.IsLetterOrDigit(text[token.Start - 3])
        && !(token.End + 1 < text.Length && text[token.End] == '.' && char.IsLetterOrDigit(text[token.End + 1]))
        && (token.OriginalSpan.SequenceEqual(token.LowerSpan) || !token.OriginalSpan.ContainsAnyInRange('a', 'z'));

    /// <summary>
    /// Adds the pack's built phrases: a match of a composition's first set followed, within its gap, by a match of its
    /// second ("you can" + "switch it off"), not across a semicolon, colon, dash or bracket (nor a comma unless allowed,
    /// nor a subject pronoun when the composition keeps to one subject), and never over a negation ("if you do not turn it off" is no condition of turning it off).
    /// Each first match looks at the few second matches starting in its window (a binary search), so the cost stays in
    /// proportion to the matches, whatever the sentence's length.
    /// </summary>
    private void Compose(string text, Composition[] compositions, List<PhraseMatch>?[] matches)
    {
        var negations = matches[Terms.SetIds["negation"]];
        foreach (var c in compositions)
        {
            if (matches[c.First] is not { Count: > 0 } firsts || matches[c.Then] is not { Count: > 0 } thens)
            {
                continue;
            }

            List<PhraseMatch>? made = null;
            foreach (var first in firsts)
            {
                // The first negation after the opening phrase: a second phrase starting after it is out of reach.
                var negationAt = negations is null || PhraseSet.FirstStartingFrom(negations, first.TokenEnd) is var n && n >= negations.Count
                    ? int.MaxValue
                    : negations[n].TokenStart;
                for (var i = PhraseSet.FirstStartingFrom(thens, first.TokenEnd); i < thens.Count && thens[i].TokenStart <= first.TokenEnd + c.Gap; i++)
                {
                    var then = thens[i];
                    if (negationAt >= then.TokenStart && !Breaks(text, first.TokenEnd, then.TokenStart, c.Commas)
                        && !(c.SameSubject && HoldsSubject(first.TokenEnd, then.TokenStart)))
                    {
                        (made ??= []).Add(new PhraseMatch(first.TokenStart, then.TokenEnd, first.Phrase + " … " + then.Phrase, c.Into));
                    }
                }
            }

            if (made is null)
            {
                continue;
            }

            // Merged into the set's list, which stays in token order (made is in the order of the first matches); not twice
            // the same words ("you can" + "opt out" where the set has "you can opt out" already).
            var into = matches[c.Into] ?? [];
            var merged = new List<PhraseMatch>(into.Count + made.Count);
            var j = 0;
            foreach (var m in made)
            {
                while (j < into.Count && into[j].TokenStart <= m.TokenStart)
                {
                    merged.Add(into[j++]);
                }

                var duplicate = false;
                for (var k = merged.Count - 1; k >= 0 && merged[k].TokenStart == m.TokenStart && !duplicate; k--)
                {
                    duplicate = merged[k].TokenEnd == m.TokenEnd;
                }

                if (!duplicate)
                {
                    merged.Add(m);
                }
            }

            merged.AddRange(into.Skip(j));
            matches[c.Into] = merged;
        }
    }

    /// <summary>
    /// Whether the words from token <paramref name="end"/> up to token <paramref name="start"/> hold a subject pronoun:
    /// "Once you are signed up we automatically create a profile" puts a new subject between the two phrases.
    /// </summary>
    private bool HoldsSubject(int end, int start)
    {
        for (var i = end; i < start && i < Tokens.Length; i++)
        {
            if (Terms.Grammar.SubjectPronouns.Contains(Tokens[i].LowerSpan))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the text between token <paramref name="end"/> - 1 and token <paramref name="start"/> holds a break.</summary>
    private bool Breaks(string text, int end, int start, bool commasAllowed)
    {
        for (var i = end; i <= start && i < Tokens.Length; i++)
        {
            // The text before token i, after the token before it.
            var from = i > 0 ? Tokens[i - 1].End : 0;
            var gap = text.AsSpan(from, Tokens[i].Start - from);
            if (gap.IndexOfAny(BreakChars) >= 0 || (!commasAllowed && gap.Contains(',')))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly System.Buffers.SearchValues<char> BreakChars = System.Buffers.SearchValues.Create(";:()[]\u2014\u2013");

    public TermPack Terms { get; }

    public Token[] Tokens { get; }

    public StrongBox<ReadingStats>? Stats { get; set; }

    public Tuple<RegionCatalog, IReadOnlyList<RegionMention>>? Mentions { get; set; }

    public IReadOnlyList<(string Term, string Definition)>? Definitions { get; set; }

    /// <summary>The phrase by which the practice stops when the reader opts out ("we will stop using …"), once looked for.</summary>
    public StrongBox<PhraseMatch?>? StopOnOptOut { get; set; }

    /// <summary>The first training anchor of the sentence, once looked for (both families ask).</summary>
    internal StrongBox<ClauseClassifier.Anchor?>? TrainingAnchor { get; set; }

    /// <summary>The bracket depth before each token, and where the last closing bracket is (-1 when none).</summary>
    public Tuple<int[], int>? Brackets { get; set; }
}
