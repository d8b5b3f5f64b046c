namespace PolicyLsp.Analysis.Text;

/// <summary>A zero-based line and a column counted in UTF-16 code units.</summary>
public readonly record struct LinePosition(int Line, int Character);

/// <summary>A half-open range of offsets [Start, End) into the original document text.</summary>
public readonly record struct TextSpan(int Start, int End)
{
    public int Length => End - Start;

    public bool Contains(int offset) => offset >= Start && offset < End;

    public bool Overlaps(TextSpan other) => Start < other.End && other.Start < End;

    internal TextSpan Shift(int delta) => new(Start + delta, End + delta);
}

/// <summary>The original document text with a line index, so that spans convert to positions.</summary>
public sealed class SourceText
{
    private readonly int[] _lineStarts;

    public SourceText(string text)
    {
        Text = text;
        _lineStarts = ComputeLineStarts(text);
    }

    public string Text { get; }

    public int Length => Text.Length;

    public int LineCount => _lineStarts.Length;

    public int LineStart(int line) => _lineStarts[Math.Clamp(line, 0, _lineStarts.Length - 1)];

    /// <summary>The end of the line's content, before its line break.</summary>
    public int LineEnd(int line)
    {
        line = Math.Clamp(line, 0, _lineStarts.Length - 1);
        var end = line + 1 < _lineStarts.Length ? _lineStarts[line + 1] : Text.Length;
        while (end > _lineStarts[line] && (Text[end - 1] == '\n' || Text[end - 1] == '\r'))
        {
            end--;
        }

        return end;
    }

    public LinePosition GetPosition(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new LinePosition(line, offset - _lineStarts[line]);
    }

    /// <summary>Offset of a position; positions past a line's end clamp to it, past the text to its end.</summary>
    public int GetOffset(LinePosition position)
    {
        if (position.Line < 0)
        {
            return 0;
        }

        if (position.Line >= _lineStarts.Length)
        {
            return Text.Length;
        }

        var start = _lineStarts[position.Line];
        var lineEnd = LineEnd(position.Line);

        // Compare before adding: a character near int.MaxValue must clamp, not overflow.
        return position.Character <= 0 ? start : position.Character >= lineEnd - start ? lineEnd : start + position.Character;
    }

    public string Slice(TextSpan span) => Text.Substring(span.Start, span.Length);

    private static int[] ComputeLineStarts(string text)
    {
        // Sized once: a line starts after each '\n', and after each '\r' not followed by '\n'.
        var span = text.AsSpan();
        var count = 1 + span.Count('\n') + span.Count('\r') - span.Count("\r\n");
        var starts = new int[count];
        var n = 1;
        for (var i = span.IndexOfAny('\r', '\n'); i >= 0 && n < count;)
        {
            if (span[i] == '\r' && i + 1 < span.Length && span[i + 1] == '\n')
            {
                i++;
            }

            starts[n++] = i + 1;
            var next = span[(i + 1)..].IndexOfAny('\r', '\n');
            i = next < 0 ? -1 : i + 1 + next;
        }

        return starts;
    }
}
