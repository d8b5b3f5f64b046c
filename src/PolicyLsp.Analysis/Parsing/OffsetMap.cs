namespace PolicyLsp.Analysis.Parsing;

/// <summary>Maps offsets in a block's plain text back to offsets in the original source.</summary>
internal sealed class OffsetMap
{
    private readonly List<Segment> _segments;
    private readonly int _shift;

    internal OffsetMap()
        : this([], 0)
    {
    }

    private OffsetMap(List<Segment> segments, int shift)
    {
        _segments = segments;
        _shift = shift;
    }

    private readonly record struct Segment(int PlainStart, int SourceStart, int Length, int SourceLength);

    internal void Add(int plainStart, int sourceStart, int length, int sourceLength)
    {
        if (length > 0)
        {
            _segments.Add(new Segment(plainStart, sourceStart, length, sourceLength));
        }
    }

    /// <summary>
    /// The same map for the same text found <paramref name="delta"/> characters further on (a chunk of the document
    /// read on its own and placed at its offset); the segments are shared, so the map must be complete.
    /// </summary>
    internal OffsetMap Shifted(int delta) => delta == 0 ? this : new OffsetMap(_segments, _shift + delta);

    /// <summary>The source offset of the plain-text character at <paramref name="plainOffset"/>.</summary>
    public int ToSource(int plainOffset) => _shift + ToChunk(plainOffset);

    /// <summary>The source offset just after the plain-text character before <paramref name="plainEnd"/>.</summary>
    public int ToSourceEnd(int plainEnd) => _shift + ToChunkEnd(plainEnd);

    private int ToChunk(int plainOffset)
    {
        if (_segments.Count == 0)
        {
            return 0;
        }

        var segment = _segments[SegmentAt(plainOffset)];
        var delta = plainOffset - segment.PlainStart;
        if (delta < 0)
        {
            return segment.SourceStart;
        }

        // Escapes and entities make a segment's source longer than its text; clamp inside it.
        return segment.SourceStart + Math.Min(delta, Math.Max(segment.SourceLength, segment.Length));
    }

    private int ToChunkEnd(int plainEnd)
    {
        if (_segments.Count == 0)
        {
            return 0;
        }

        if (plainEnd <= 0)
        {
            return ToChunk(0);
        }

        var last = plainEnd - 1;
        var segment = _segments[SegmentAt(last)];
        return last >= segment.PlainStart + segment.Length - 1
            ? segment.SourceStart + segment.SourceLength
            : ToChunk(last) + 1;
    }

    /// <summary>The last segment starting at or before the plain offset.</summary>
    private int SegmentAt(int plainOffset)
    {
        var lo = 0;
        var hi = _segments.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (_segments[mid].PlainStart <= plainOffset)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }
}
