namespace PolicyLsp.Analysis.Parsing;

/// <summary>
/// The chunks of one document as parsed for its latest version. The cache holds that version's text itself, not copies
/// of its chunks: the editor keeps the text anyway, so an open document's cache costs its parsed chunks only. A new
/// version finds its unchanged chunks by comparing its text with the old one (before and after the edit, at their old
/// and shifted offsets), so only the chunks an edit touched are parsed again, and those inherit what analyses learnt
/// about their unchanged paragraphs and sentences. Chunks the latest parse did not use are dropped. Safe to share
/// between threads: a parse reads the latest committed version and commits its own when done.
/// </summary>
internal sealed class ParseCache(int minChunkLength = ParseCache.DefaultMinChunkLength)
{
    /// <summary>Chunks are at least this long, so that a document of many short sections is not parsed in slivers.</summary>
    public const int DefaultMinChunkLength = 2048;

    private Version _latest = new(string.Empty, [], null);

    /// <summary>A chunk ends at the first heading line at least this many characters after its start.</summary>
    public int MinChunkLength { get; } = Math.Max(1, minChunkLength);

    /// <summary>Chunks taken from the cache by the latest parse, and those parsed afresh.</summary>
    public (int Reused, int Parsed) LastRun { get; private set; }

    /// <summary>Starts reading a new version of the document; chunks split by another language's splitter are not reused.</summary>
    public Reading Begin(string text, SentenceSplitter splitter)
    {
        var latest = Volatile.Read(ref _latest);
        return new(this, ReferenceEquals(latest.Splitter, splitter) ? latest : new Version(string.Empty, [], splitter), text, splitter);
    }

    /// <summary>Drops the chunks kept: the next parse reads the whole document afresh (a parse under way still commits its own).</summary>
    public void Forget() => Volatile.Write(ref _latest, new Version(string.Empty, [], null));

    private void Commit(Version version, int reused, int parsed)
    {
        Volatile.Write(ref _latest, version);
        LastRun = (reused, parsed);
    }

    /// <summary>One version's text and its chunks, in document order.</summary>
    internal sealed record Version(string Text, Entry[] Entries, SentenceSplitter? Splitter);

    /// <summary>
    /// A chunk at <see cref="Start"/> whose key (the chunk and the heading line after it) is <see cref="KeyLength"/>
    /// long, <see cref="ChunkLength"/> of it the chunk: the same text read as a chunk and its heading, or as the last
    /// chunk, parses differently.
    /// </summary>
    internal readonly record struct Entry(int Start, int KeyLength, int ChunkLength, ParsedChunk Chunk);

    /// <summary>One parse of one version: chunks come from the previous version when their text is unchanged.</summary>
    internal sealed class Reading
    {
        private readonly ParseCache _cache;
        private readonly Version _previous;
        private readonly SentenceSplitter _splitter;
        private readonly string _text;
        private readonly bool[] _used;
        private readonly List<Entry> _entries = [];
        private readonly List<ParsedChunk> _fresh = [];
        private readonly int _prefix;
        private readonly int _suffix;
        private Dictionary<(int, int), List<int>>? _byLength;

        public Reading(ParseCache cache, Version previous, string text, SentenceSplitter splitter)
        {
            _splitter = splitter;
            _cache = cache;
            _previous = previous;
            _text = text;
            _used = new bool[previous.Entries.Length];
            var old = previous.Text.AsSpan();
            _prefix = text.AsSpan().CommonPrefixLength(old);
            var most = Math.Min(text.Length, old.Length) - _prefix;
            _suffix = Math.Min(most, CommonSuffixLength(text, previous.Text));
        }

        /// <summary>
        /// The chunk at <paramref name="start"/> whose key text is <paramref name="keyLength"/> characters long and whose
        /// first <paramref name="chunkLength"/> characters are the chunk itself.
        /// </summary>
        public ParsedChunk GetOrParse(int start, int keyLength, int chunkLength)
        {
            var chunk = Find(start, keyLength, chunkLength);
            if (chunk is null)
            {
                chunk = PolicyParser.ReadChunk(_text.Substring(start, keyLength), chunkLength, _splitter);
                _fresh.Add(chunk);
            }

            _entries.Add(new Entry(start, keyLength, chunkLength, chunk));
            return chunk;
        }

        /// <summary>
        /// Ends the parse: chunks parsed afresh take over what analyses kept of their unchanged paragraphs and sentences
        /// from the chunks they replace, and this version becomes the one the next parse reuses chunks from.
        /// </summary>
        public void Commit()
        {
            if (_fresh.Count > 0)
            {
                Inherit();
            }

            _cache.Commit(new Version(_text, [.. _entries], _splitter), _entries.Count - _fresh.Count, _fresh.Count);
        }

        private ParsedChunk? Find(int start, int keyLength, int chunkLength)
        {
            var entries = _previous.Entries;
            var end = start + keyLength;
            int at;
            if (end <= _prefix)
            {
                at = IndexOf(entries, start, keyLength, chunkLength);
            }
            else if (start >= _text.Length - _suffix)
            {
                at = IndexOf(entries, start - (_text.Length - _previous.Text.Length), keyLength, chunkLength);
            }
            else
            {
                // Around the edit (or everywhere, after a whole-text replacement): a chunk moved elsewhere, or typed
                // back to an earlier text. Candidates are the old chunks of the same lengths.
                var key = _text.AsSpan(start, keyLength);
                at = -1;
                if ((_byLength ??= IndexByLength(entries)).TryGetValue((keyLength, chunkLength), out var candidates))
                {
                    foreach (var i in candidates)
                    {
                        if (!_used[i] && _previous.Text.AsSpan(entries[i].Start, keyLength).SequenceEqual(key))
                        {
                            at = i;
                            break;
                        }
                    }
                }
            }

            if (at < 0)
            {
                return null;
            }

            _used[at] = true;
            return entries[at].Chunk;
        }

        private void Inherit()
        {
            var blocks = new Dictionary<string, BlockItem>(StringComparer.Ordinal);
            var sentences = new Dictionary<string, SentenceItem>(StringComparer.Ordinal);
            for (var i = 0; i < _used.Length; i++)
            {
                if (_used[i])
                {
                    continue;
                }

                foreach (var item in _previous.Entries[i].Chunk.Items)
                {
                    if (item is BlockItem block)
                    {
                        blocks.TryAdd(block.Text, block);
                        foreach (var sentence in block.Sentences)
                        {
                            sentences.TryAdd(sentence.Text, sentence);
                        }
                    }
                }
            }

            foreach (var chunk in _fresh)
            {
                foreach (var item in chunk.Items)
                {
                    if (item is not BlockItem block)
                    {
                        continue;
                    }

                    if (blocks.TryGetValue(block.Text, out var same))
                    {
                        block.Classified ??= same.Classified;
                    }

                    foreach (var sentence in block.Sentences)
                    {
                        if (sentences.TryGetValue(sentence.Text, out var kept))
                        {
                            sentence.Facts ??= kept.Facts;
                        }
                    }
                }
            }
        }

        private static Dictionary<(int, int), List<int>> IndexByLength(Entry[] entries)
        {
            var index = new Dictionary<(int, int), List<int>>();
            for (var i = 0; i < entries.Length; i++)
            {
                var lengths = (entries[i].KeyLength, entries[i].ChunkLength);
                if (!index.TryGetValue(lengths, out var list))
                {
                    index[lengths] = list = [];
                }

                list.Add(i);
            }

            return index;
        }

        /// <summary>The entry at <paramref name="start"/> with the same key and chunk lengths (several chunks may start there).</summary>
        private static int IndexOf(Entry[] entries, int start, int keyLength, int chunkLength)
        {
            var (lo, hi) = (0, entries.Length);
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                (lo, hi) = entries[mid].Start < start ? (mid + 1, hi) : (lo, mid);
            }

            for (var i = lo; i < entries.Length && entries[i].Start == start; i++)
            {
                if (entries[i].KeyLength == keyLength && entries[i].ChunkLength == chunkLength)
                {
                    return i;
                }
            }

            return -1;
        }

        private static int CommonSuffixLength(string a, string b)
        {
            // Compared in blocks from the end (vectorised), then character by character in the last block.
            const int Step = 4096;
            var n = 0;
            var most = Math.Min(a.Length, b.Length);
            while (n < most)
            {
                var step = Math.Min(Step, most - n);
                var x = a.AsSpan(a.Length - n - step, step);
                var y = b.AsSpan(b.Length - n - step, step);
                if (x.SequenceEqual(y))
                {
                    n += step;
                    continue;
                }

                var k = step - 1;
                while (k >= 0 && x[k] == y[k])
                {
                    k--;
                    n++;
                }

                break;
            }

            return n;
        }
    }
}
