namespace PolicyLsp.Analysis.Vocabulary;

/// <summary>A phrase found in a token sequence: which tokens, and which phrase of the set matched.</summary>
public readonly record struct PhraseMatch(int TokenStart, int TokenEnd, string Phrase, object? Tag);

/// <summary>
/// A set of word phrases matched token by token. A word ending in '*' matches any word with that prefix;
/// a phrase starting with '=' matches case-sensitively (so "US" is not "us").
/// </summary>
public sealed class PhraseSet
{
    private readonly Node _root = new();
    private readonly List<string> _phrases = [];

    // The nodes still to visit in FindAll, one list per thread (FindAll calls nothing that could re-enter it).
    [ThreadStatic]
    private static List<(Node Node, int Next)>? _pending;

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

        var node = _root;
        foreach (var word in words)
        {
            node = node.Child(word, caseSensitive);
        }

        (node.Terminals ??= []).Add((phrase, tag));
        _phrases.Add(phrase);
    }

    /// <summary>All matches, in order of their first token; overlapping matches are kept.</summary>
    public List<PhraseMatch> FindAll(Token[] tokens)
    {
        var matches = new List<PhraseMatch>();
        FindAll(tokens, matches);
        return matches;
    }

    /// <summary>Adds all matches to <paramref name="matches"/>, in order of their first token.</summary>
    public void FindAll(Token[] tokens, List<PhraseMatch> matches)
    {
        // Depth-first through the trie with a stack of its own: a phrase of thousands of words must not recurse.
        var pending = _pending ??= [];
        pending.Clear();
        for (var start = 0; start < tokens.Length; start++)
        {
            pending.Add((_root, start));
            while (pending.Count > 0)
            {
                var (node, next) = pending[^1];
                pending.RemoveAt(pending.Count - 1);
                if (node.Terminals is { } terminals && next > start)
                {
                    foreach (var (phrase, tag) in terminals)
                    {
                        matches.Add(new PhraseMatch(start, next, phrase, tag));
                    }
                }

                if (next < tokens.Length)
                {
                    // Pushed in visiting order, then reversed, so they are popped in that order.
                    var mark = pending.Count;
                    node.AddChildren(tokens[next], next + 1, pending);
                    pending.Reverse(mark, pending.Count - mark);
                }
            }
        }
    }

    /// <summary>One level of the word trie: children by exact word, by word prefix ("train*") and case-sensitive word.</summary>
    private sealed class Node
    {
        private Dictionary<string, Node>? _exact;
        private Dictionary<string, List<(string Stem, Node Child)>>? _prefix;
        private List<(string Word, Node Child)>? _caseSensitive;

        public List<(string Phrase, object? Tag)>? Terminals { get; set; }

        public Node Child(string word, bool caseSensitive)
        {
            if (word.EndsWith('*'))
            {
                var stem = caseSensitive ? word[..^1].ToLowerInvariant() : word[..^1];
                var key = stem[..Math.Min(3, stem.Length)];
                _prefix ??= new(StringComparer.Ordinal);
                if (!_prefix.TryGetValue(key, out var list))
                {
                    _prefix[key] = list = [];
                }

                return FindOrAdd(list, stem);
            }

            if (caseSensitive)
            {
                return FindOrAdd(_caseSensitive ??= [], word);
            }

            _exact ??= new(StringComparer.Ordinal);
            if (!_exact.TryGetValue(word, out var next))
            {
                _exact[word] = next = new Node();
            }

            return next;
        }

        private static Node FindOrAdd(List<(string Word, Node Child)> children, string word)
        {
            foreach (var (existing, child) in children)
            {
                if (existing == word)
                {
                    return child;
                }
            }

            var created = new Node();
            children.Add((word, created));
            return created;
        }

        /// <summary>
        /// The children that match <paramref name="token"/>, each to be continued at token <paramref name="next"/>, in
        /// visiting order: case-sensitive first, then prefixes (longest key first), then the exact word.
        /// </summary>
        public void AddChildren(Token token, int next, List<(Node Node, int Next)> into)
        {
            if (_caseSensitive is not null)
            {
                var original = token.OriginalSpan;
                for (var i = _caseSensitive.Count - 1; i >= 0; i--)
                {
                    if (original.SequenceEqual(_caseSensitive[i].Word))
                    {
                        into.Add((_caseSensitive[i].Child, next));
                    }
                }
            }

            var lower = token.LowerSpan;
            if (_prefix is not null)
            {
                var lookup = _prefix.GetAlternateLookup<ReadOnlySpan<char>>();
                for (var length = Math.Min(3, lower.Length); length >= 1; length--)
                {
                    if (lookup.TryGetValue(lower[..length], out var list))
                    {
                        for (var i = list.Count - 1; i >= 0; i--)
                        {
                            if (lower.StartsWith(list[i].Stem, StringComparison.Ordinal))
                            {
                                into.Add((list[i].Child, next));
                            }
                        }
                    }
                }
            }

            if (_exact is not null)
            {
                // "the Digital Advertising Alliance's tool": a possessive matches its word where no phrase spells the
                // possessive out at this point of the trie.
                var lookup = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
                if (lookup.TryGetValue(lower, out var exact))
                {
                    into.Add((exact, next));
                }
                else if (lower.EndsWith("'s", StringComparison.Ordinal) && lookup.TryGetValue(lower[..^2], out var owner))
                {
                    into.Add((owner, next));
                }
            }
        }
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
        for (var i = FirstStartingFrom(sorted, from); i < sorted.Count && sorted[i].TokenStart <= to; i++)
        {
            yield return sorted[i];
        }
    }

    /// <summary>The index of the first match (of a list sorted by start) that starts at or after <paramref name="from"/>.</summary>
    public static int FirstStartingFrom(List<PhraseMatch> sorted, int from)
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

        return lo;
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
}
