namespace PolicyLsp.Analysis.Parsing;

/// <summary>
/// The chunks of one document parsed by earlier analyses, keyed by their text (with the heading line that follows
/// them). Entries the latest parse did not use are dropped when the next one ends, so the cache stays the size of the
/// document. Safe to share between threads.
/// </summary>
internal sealed class ParseCache(int minChunkLength = ParseCache.DefaultMinChunkLength)
{
    /// <summary>Chunks are at least this long, so that a document of many short sections is not parsed in slivers.</summary>
    public const int DefaultMinChunkLength = 2048;

    private readonly Lock _lock = new();
    private Dictionary<string, ParsedChunk> _current = new(StringComparer.Ordinal);
    private Dictionary<string, ParsedChunk> _previous = new(StringComparer.Ordinal);

    /// <summary>A chunk ends at the first heading line at least this many characters after its start.</summary>
    public int MinChunkLength { get; } = Math.Max(1, minChunkLength);

    /// <summary>Chunks taken from the cache by the latest parse, and those parsed afresh.</summary>
    public (int Reused, int Parsed) LastRun { get; private set; }

    private int _reused;
    private int _parsed;

    /// <summary>The chunk of text <paramref name="key"/> whose first <paramref name="length"/> characters are the chunk itself.</summary>
    public ParsedChunk GetOrParse(ReadOnlySpan<char> key, int length)
    {
        lock (_lock)
        {
            if (_current.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var chunk))
            {
                _reused++;
                return chunk;
            }

            if (_previous.GetAlternateLookup<ReadOnlySpan<char>>().Remove(key, out var text, out chunk))
            {
                _current[text] = chunk;
                _reused++;
                return chunk;
            }
        }

        // Parsed outside the lock; racing parses of the same text agree.
        var keyText = key.ToString();
        var parsed = PolicyParser.ReadChunk(keyText, length);
        lock (_lock)
        {
            _current[keyText] = parsed;
            _parsed++;
        }

        return parsed;
    }

    /// <summary>Ends one parse: what it did not use ages by one generation.</summary>
    public void Completed()
    {
        lock (_lock)
        {
            (_previous, _current) = (_current, _previous);
            _current.Clear();
            LastRun = (_reused, _parsed);
            (_reused, _parsed) = (0, 0);
        }
    }
}
