using System.Text;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Server;

/// <summary>Converts LSP positions to string offsets and back, in the negotiated position encoding.</summary>
public sealed class PositionMapper
{
    private readonly SourceText _source;
    private readonly bool _utf8;

    public PositionMapper(SourceText source, string encoding)
    {
        _source = source;
        _utf8 = encoding == PositionEncodingKind.Utf8;
    }

    public PositionMapper(string text, string encoding)
        : this(new SourceText(text), encoding)
    {
    }

    /// <summary>The offset of a position; characters past the line's end clamp to it, lines past the text to its end.</summary>
    public int ToOffset(Position position)
    {
        if (!_utf8)
        {
            // Clamped first: a character near int.MaxValue would overflow when added to the line's start.
            return _source.GetOffset(new LinePosition(position.Line, Math.Min(position.Character, _source.Length)));
        }

        if (position.Line < 0)
        {
            return 0;
        }

        if (position.Line >= _source.LineCount)
        {
            return _source.Length;
        }

        var text = _source.Text;
        var offset = _source.LineStart(position.Line);
        var end = _source.LineEnd(position.Line);
        var bytes = 0;
        while (offset < end && bytes < position.Character)
        {
            var width = char.IsHighSurrogate(text[offset]) && offset + 1 < end && char.IsLowSurrogate(text[offset + 1]) ? 2 : 1;
            bytes += width == 2 ? 4 : Utf8Width(text[offset]);
            offset += width;
        }

        return offset;
    }

    public Position ToPosition(int offset)
    {
        var position = _source.GetPosition(offset);
        if (!_utf8)
        {
            return new Position(position.Line, position.Character);
        }

        var start = _source.LineStart(position.Line);
        return new Position(position.Line, Encoding.UTF8.GetByteCount(_source.Text.AsSpan(start, position.Character)));
    }

    public Range ToRange(TextSpan span) => new(ToPosition(span.Start), ToPosition(span.End));

    public TextSpan ToSpan(Range range)
    {
        var start = ToOffset(range.Start);
        var end = ToOffset(range.End);
        return end < start ? new TextSpan(end, start) : new TextSpan(start, end);
    }

    private static int Utf8Width(char c) => c switch
    {
        < '\u0080' => 1,
        < '\u0800' => 2,
        _ => 3, // BMP characters and lone surrogates (encoded as U+FFFD)
    };
}
