namespace PolicyLsp.Analysis.Vocabulary;

/// <summary>A phrase found in a token sequence: which tokens, and which phrase of the set matched.</summary>
public readonly record struct PhraseMatch(int TokenStart, int TokenEnd, string Phrase, object? Tag);

/// <summary>
/// A set of word phrases matched token by token. A word ending in '*' matches any word with that prefix;
/// a phrase starting with '=' matches case-sensitively (so "US" is not "us").
/// </summary>
public sealed class PhraseSet
{
    private readonly Dictionary<string, List<Entry>> _byFirstWord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Entry>> _prefixFirst = new(StringComparer.Ordinal);
    private readonly List<string> _phrases = [];

    private sealed record Entry(string[] Words, bool CaseSensitive, string Phrase, object? Tag);

    public PhraseSet(IEnumerable<string> phrases, object? tag = null)
    {
        foreach (var phrase in phrases)
        {
            Add(phrase, tag);
        }
    }

    public PhraseSet()
    {
    }

    public int Count => _phrases.Count;

    public IReadOnlyList<string> Phrases => _phrases;

    public void Add(string phrase, object? tag = null)
    {
        var caseSensitive = phrase.StartsWith('=');
        var body = caseSensitive ? phrase[1..] : phrase;
        var words = SplitWords(body, caseSensitive);
        if (words.Length == 0)
        {
            return;
        }

        var entry = new Entry(words, caseSensitive, phrase, tag);
        var first = words[0];
        if (first.EndsWith('*'))
        {
            // Indexed by up to three leading letters, so a word is compared only with prefixes it could have.
            var stem = first[..^1];
            var key = stem[..Math.Min(3, stem.Length)];
            if (!_prefixFirst.TryGetValue(key, out var prefixed))
            {
                _prefixFirst[key] = prefixed = [];
            }

            prefixed.Add(entry);
        }
        else
        {
            var key = caseSensitive ? first.ToLowerInvariant() : first;
            if (!_byFirstWord.TryGetValue(key, out var list))
            {
                _byFirstWord[key] = list = [];
            }

            list.Add(entry);
        }

        _phrases.Add(phrase);
    }

    /// <summary>All matches, longest first at each position, overlapping matches kept.</summary>
    public List<PhraseMatch> FindAll(Token[] tokens)
    {
        var matches = new List<PhraseMatch>(Math.Min(64, tokens.Length));
        var byFirstWord = _byFirstWord.GetAlternateLookup<ReadOnlySpan<char>>();
        var byPrefix = _prefixFirst.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < tokens.Length; i++)
        {
            if (byFirstWord.TryGetValue(tokens[i].LowerSpan, out var entries))
            {
                foreach (var entry in entries)
                {
                    TryMatch(tokens, i, entry, matches);
                }
            }

            if (_prefixFirst.Count > 0)
            {
                var word = tokens[i].LowerSpan;
                for (var length = 1; length <= Math.Min(3, word.Length); length++)
                {
                    if (byPrefix.TryGetValue(word[..length], out var prefixed))
                    {
                        foreach (var entry in prefixed)
                        {
                            TryMatch(tokens, i, entry, matches);
                        }
                    }
                }
            }
        }

        return matches;
    }

    /// <summary>Matches that do not overlap, preferring the longest at each start.</summary>
    public List<PhraseMatch> FindLongest(Token[] tokens)
    {
        var all = FindAll(tokens);
        all.Sort((a, b) => a.TokenStart != b.TokenStart ? a.TokenStart.CompareTo(b.TokenStart) : b.TokenEnd.CompareTo(a.TokenEnd));
        var result = new List<PhraseMatch>();
        var nextFree = 0;
        foreach (var match in all)
        {
            if (match.TokenStart >= nextFree)
            {
                result.Add(match);
                nextFree = match.TokenEnd;
            }
        }

        return result;
    }

    public bool Any(Token[] tokens) => FindAll(tokens).Count > 0;

    /// <summary>Matches (sorted by start, as <see cref="FindAll"/> returns them) that start within [from, to].</summary>
    public static IEnumerable<PhraseMatch> StartingBetween(List<PhraseMatch> sorted, int from, int to)
    {
        var lo = 0;
        var hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid].TokenStart < from)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        for (var i = lo; i < sorted.Count && sorted[i].TokenStart <= to; i++)
        {
            yield return sorted[i];
        }
    }

    internal static string[] SplitWords(string phrase, bool keepCase)
    {
        var words = new List<string>();
        foreach (var token in Tokenizer.Tokenize(phrase.Replace("*", "\u0001")))
        {
            words.Add(keepCase ? token.Original : token.Lower);
        }

        // Tokenize drops '*', so re-attach it from the raw phrase: "train*" → "train*".
        var raw = phrase.Split([' ', '-', '/'], StringSplitOptions.RemoveEmptyEntries);
        if (raw.Length == words.Count)
        {
            for (var i = 0; i < raw.Length; i++)
            {
                if (raw[i].EndsWith('*'))
                {
                    words[i] += "*";
                }
            }
        }

        return words.ToArray();
    }

    private static void TryMatch(Token[] tokens, int start, Entry entry, List<PhraseMatch> matches)
    {
        if (start + entry.Words.Length > tokens.Length)
        {
            return;
        }

        for (var k = 0; k < entry.Words.Length; k++)
        {
            var word = entry.Words[k];
            var token = tokens[start + k];
            var actual = entry.CaseSensitive ? token.OriginalSpan : token.LowerSpan;
            if (word.EndsWith('*'))
            {
                if (!actual.StartsWith(word.AsSpan(0, word.Length - 1), StringComparison.Ordinal))
                {
                    return;
                }
            }
            else if (!actual.SequenceEqual(word))
            {
                return;
            }
        }

        matches.Add(new PhraseMatch(start, start + entry.Words.Length, entry.Phrase, entry.Tag));
    }
}
