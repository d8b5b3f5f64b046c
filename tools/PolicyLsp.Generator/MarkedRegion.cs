namespace PolicyLsp.Generator;

/// <summary>The lines between a begin marker and an end marker of a text file, replaced; the markers stay.</summary>
public static class MarkedRegion
{
    /// <summary>
    /// <paramref name="text"/> with the lines strictly between the line holding <paramref name="begin"/> and the next
    /// line holding <paramref name="end"/> replaced by <paramref name="lines"/> (each ending with a newline).
    /// </summary>
    public static string Replace(string text, string begin, string end, string lines)
    {
        var open = text.IndexOf(begin, StringComparison.Ordinal);
        if (open < 0)
        {
            throw new InvalidDataException($"no line holding \"{begin}\"");
        }

        var bodyStart = text.IndexOf('\n', open) + 1;
        var close = bodyStart == 0 ? -1 : text.IndexOf(end, bodyStart, StringComparison.Ordinal);
        if (close < 0)
        {
            throw new InvalidDataException($"no line holding \"{end}\" after \"{begin}\"");
        }

        var bodyEnd = text.LastIndexOf('\n', close) + 1;
        return string.Concat(text.AsSpan(0, bodyStart), lines, text.AsSpan(bodyEnd));
    }
}
