using System.Text;

namespace PolicyLsp.Server;

/// <summary>
/// A document's text while one <c>didChange</c> applies its changes in order: held in chunks of a few thousand
/// characters, so a change costs the chunks it touches and a walk over the chunk list, not a copy of the whole text
/// and a new line index. Positions mean exactly what <see cref="PositionMapper"/> makes of them on the whole text.
/// </summary>
/// <remarks>
/// No chunk boundary splits a CR LF pair or a surrogate pair, so each chunk's line breaks and UTF-8 widths are its own.
/// </remarks>
internal sealed class ChunkedText
{
    public const int DefaultChunkSize = 4096;

    private readonly List<Chunk> _chunks = [];
    private readonly int _chunkSize;
    private readonly bool _utf8;

    public ChunkedText(string text, string encoding, int chunkSize = DefaultChunkSize)
    {
        _chunkSize = Math.Max(2, chunkSize);
        _utf8 = encoding == PositionEncodingKind.Utf8;
        _chunks.AddRange(Split(text));
    }

    public int Length { get; private set; }

    /// <summary>Replaces the text between two positions (in either order), as <see cref="DocumentStore.Apply(string, TextDocumentContentChangeEvent, string)"/> does.</summary>
    public void Replace(Range range, string newText)
    {
        var start = ToOffset(range.Start);
        var end = ToOffset(range.End);
        if (end < start)
        {
            (start, end) = (end, start);
        }

        Replace(start, end, newText);
    }

    /// <summary>Replaces the whole text.</summary>
    public void Reset(string text)
    {
        _chunks.Clear();
        Length = 0;
        _chunks.AddRange(Split(text));
    }

    public override string ToString()
    {
        return string.Create(Length, _chunks, static (span, chunks) =>
        {
            var at = 0;
            foreach (var chunk in chunks)
            {
                chunk.Text.CopyTo(span[at..]);
                at += chunk.Text.Length;
            }
        });
    }

    /// <summary>The offset of a position, clamped like <see cref="PositionMapper.ToOffset"/>.</summary>
    internal int ToOffset(Position position)
    {
        if (position.Line < 0)
        {
            return 0;
        }

        if (LineStart(position.Line) is not { } start)
        {
            return Length;
        }

        var (chunk, index, offset) = start;
        if (!_utf8)
        {
            if (position.Character <= 0)
            {
                return offset;
            }

            var contentEnd = ContentEnd(chunk, index, offset);
            return position.Character >= contentEnd - offset ? contentEnd : offset + position.Character;
        }

        return Utf8Offset(chunk, index, offset, position.Character);
    }

    /// <summary>Where line <paramref name="line"/> (≥ 0) starts: chunk, index in it and offset; null past the last line.</summary>
    private (int Chunk, int Index, int Offset)? LineStart(int line)
    {
        if (line == 0)
        {
            return (0, 0, 0);
        }

        var breaks = 0;
        var offset = 0;
        for (var c = 0; c < _chunks.Count; c++)
        {
            var chunk = _chunks[c];
            if (breaks + chunk.Breaks >= line)
            {
                var index = BreakEnd(chunk.Text, line - breaks);
                return (c, index, offset + index);
            }

            breaks += chunk.Breaks;
            offset += chunk.Text.Length;
        }

        return null;
    }

    /// <summary>The index just after the <paramref name="n"/>-th (≥ 1) line break of <paramref name="text"/>.</summary>
    private static int BreakEnd(string text, int n)
    {
        var i = -1;
        while (true)
        {
            i = text.AsSpan(i + 1).IndexOfAny('\r', '\n') + i + 1;
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
            }

            if (--n == 0)
            {
                return i + 1;
            }
        }
    }

    /// <summary>The offset where the line starting at (chunk, index) ends, before its line break.</summary>
    private int ContentEnd(int chunk, int index, int offset)
    {
        for (var c = chunk; c < _chunks.Count; c++)
        {
            var text = _chunks[c].Text;
            if (_chunks[c].Breaks > 0)
            {
                var at = text.AsSpan(index).IndexOfAny('\r', '\n');
                if (at >= 0)
                {
                    return offset + at;
                }
            }

            offset += text.Length - index;
            index = 0;
        }

        return offset;
    }

    /// <summary>Walks the line by UTF-8 widths as <see cref="PositionMapper.ToOffset"/> does, a whole chunk at a time where it can.</summary>
    private int Utf8Offset(int chunk, int index, int offset, int character)
    {
        var bytes = 0;
        for (var c = chunk; c < _chunks.Count && bytes < character; c++, index = 0)
        {
            var text = _chunks[c].Text;
            var breakAt = _chunks[c].Breaks > 0 ? text.AsSpan(index).IndexOfAny('\r', '\n') : -1;
            var end = breakAt >= 0 ? index + breakAt : text.Length;
            var segment = text.AsSpan(index, end - index);

            // Lone surrogates count 3 bytes (U+FFFD), as in PositionMapper; pairs never straddle chunks.
            var width = Encoding.UTF8.GetByteCount(segment);
            if (bytes + width <= character)
            {
                bytes += width;
                offset += segment.Length;
            }
            else
            {
                var i = 0;
                while (i < segment.Length && bytes < character)
                {
                    var pair = char.IsHighSurrogate(segment[i]) && i + 1 < segment.Length && char.IsLowSurrogate(segment[i + 1]);
                    bytes += pair ? 4 : Utf8Width(segment[i]);
                    i += pair ? 2 : 1;
                }

                return offset + i;
            }

            if (breakAt >= 0)
            {
                break;
            }
        }

        return offset;
    }

    private static int Utf8Width(char c) => c switch
    {
        < '\u0080' => 1,
        < '\u0800' => 2,
        _ => 3,
    };

    private void Replace(int start, int end, string newText)
    {
        if (_chunks.Count == 0)
        {
            _chunks.AddRange(Split(newText));
            return;
        }

        var (first, firstIndex) = Locate(start);
        var (last, lastIndex) = Locate(end);
        var middle = string.Concat(_chunks[first].Text.AsSpan(0, firstIndex), newText, _chunks[last].Text.AsSpan(lastIndex));

        // Take in a neighbour when the new text could pair with it (CR LF, surrogates) or is small (chunks stay large).
        if (first > 0 && (middle.Length < _chunkSize / 2 || (middle.Length > 0 && (middle[0] == '\n' || char.IsLowSurrogate(middle[0])))))
        {
            first--;
            middle = _chunks[first].Text + middle;
        }

        if (last + 1 < _chunks.Count && (middle.Length < _chunkSize / 2 || (middle.Length > 0 && (middle[^1] == '\r' || char.IsHighSurrogate(middle[^1])))))
        {
            last++;
            middle += _chunks[last].Text;
        }

        for (var c = first; c <= last; c++)
        {
            Length -= _chunks[c].Text.Length;
        }

        _chunks.RemoveRange(first, last - first + 1);
        _chunks.InsertRange(first, Split(middle));
    }

    /// <summary>The chunk holding <paramref name="offset"/> (the earlier one at a boundary) and the index in it.</summary>
    private (int Chunk, int Index) Locate(int offset)
    {
        for (var c = 0; c < _chunks.Count; c++)
        {
            var length = _chunks[c].Text.Length;
            if (offset <= length)
            {
                return (c, offset);
            }

            offset -= length;
        }

        return (_chunks.Count - 1, _chunks[^1].Text.Length);
    }

    /// <summary>Cuts text into chunks of about the chunk size, never inside a CR LF or a surrogate pair (and adds their lengths).</summary>
    private List<Chunk> Split(string text)
    {
        var chunks = new List<Chunk>(text.Length / _chunkSize + 1);
        for (var start = 0; start < text.Length;)
        {
            var end = Math.Min(text.Length, start + _chunkSize);
            if (end < text.Length && ((text[end - 1] == '\r' && text[end] == '\n') || (char.IsHighSurrogate(text[end - 1]) && char.IsLowSurrogate(text[end]))))
            {
                end++;
            }

            var piece = start == 0 && end == text.Length ? text : text[start..end];
            chunks.Add(new Chunk(piece, CountBreaks(piece)));
            start = end;
        }

        Length += text.Length;
        return chunks;
    }

    private static int CountBreaks(string text)
    {
        var span = text.AsSpan();
        return span.Count('\n') + span.Count('\r') - span.Count("\r\n");
    }

    private readonly record struct Chunk(string Text, int Breaks);
}
