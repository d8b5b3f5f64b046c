namespace PolicyLsp.Analysis.Parsing;

/// <summary>
/// Keeps container nesting (quotes, list indentation) within a bound before Markdig sees the text, so no
/// document can exhaust the stack. Every change keeps the text's length, so source offsets stay exact.
/// </summary>
internal static class NestingGuard
{
    public static string Flatten(string text, int maxNesting)
    {
        char[]? copy = null;
        // The colon counts of the ":::" containers open at the line (see FenceLine); made at the first fence.
        Stack<int>? fences = null;
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            // Walk the run of container markers that opens the line: quotes, bullets, ordinals, indentation.
            var depth = 0;
            var i = lineStart;
            while (i < lineEnd)
            {
                var c = text[i];
                var markerEnd = i;
                if (c == '>')
                {
                    markerEnd = i + 1;
                }
                else if (c is '-' or '*' or '+' && i + 1 < lineEnd && text[i + 1] is ' ' or '\t')
                {
                    markerEnd = i + 1;
                }
                else if (char.IsAsciiDigit(c))
                {
                    var j = i;
                    while (j < lineEnd && j - i < 9 && char.IsAsciiDigit(text[j]))
                    {
                        j++;
                    }

                    if (j < lineEnd - 1 && text[j] is '.' or ')' && text[j + 1] is ' ' or '\t')
                    {
                        markerEnd = j + 1;
                    }
                }
                else if (c is ' ' or '\t')
                {
                    // Two columns of indentation nest a list one level deeper.
                    if ((i - lineStart) % 2 == 1)
                    {
                        depth++;
                    }

                    if (depth > maxNesting * 2)
                    {
                        break;
                    }

                    i++;
                    continue;
                }

                if (markerEnd == i)
                {
                    break;
                }

                if (++depth > maxNesting)
                {
                    copy ??= text.ToCharArray();
                    for (var k = i; k < markerEnd; k++)
                    {
                        copy[k] = ' ';
                    }
                }

                i = markerEnd;
            }

            if (i < lineEnd && text[i] == ':' && FenceLine(text, i, lineEnd, fences ??= new Stack<int>(), maxNesting))
            {
                // A ":::" container past the bound: its fence becomes spaces, and what it held is read as prose.
                copy ??= text.ToCharArray();
                for (var k = i; k < lineEnd && text[k] == ':'; k++)
                {
                    copy[k] = ' ';
                }
            }

            if (depth > maxNesting)
            {
                // Past the bound the line's remaining indentation would open a code block; keep it as text.
                copy ??= text.ToCharArray();
                var k = lineStart;
                while (k < lineEnd && copy[k] is ' ' or '\t' or '>')
                {
                    k++;
                }

                var keep = Math.Min(k, lineStart + (maxNesting * 2));
                for (var m = keep; m < k; m++)
                {
                    copy[m] = '\u00A0';
                }
            }

            lineStart = lineEnd + 1;
        }

        return copy is null ? text : new string(copy);
    }

    /// <summary>
    /// Follows the ":::" containers (three or more colons open one; as many or more with nothing after close the innermost,
    /// fewer open one inside it) and says whether the fence at <paramref name="start"/> would open one past
    /// <paramref name="maxNesting"/>. Counting every fence, in code blocks too, errs towards flattening.
    /// </summary>
    private static bool FenceLine(string text, int start, int lineEnd, Stack<int> fences, int maxNesting)
    {
        var end = start;
        while (end < lineEnd && text[end] == ':')
        {
            end++;
        }

        var colons = end - start;
        if (colons < 3)
        {
            return false;
        }

        if (text.AsSpan(end, lineEnd - end).IsWhiteSpace() && fences.TryPeek(out var open) && colons >= open)
        {
            fences.Pop();
            return false;
        }

        if (fences.Count >= maxNesting)
        {
            return true;
        }

        fences.Push(colons);
        return false;
    }

    /// <summary>The last resort when Markdig still refuses: markup characters become spaces, so the text parses as prose.</summary>
    public static string Neutralise(string text)
    {
        var copy = text.ToCharArray();
        for (var i = 0; i < copy.Length; i++)
        {
            if (copy[i] is '>' or '[' or ']' or '*' or '_' or '`' or '<' or '(' or ')' or '!' or '-' or '+' or '|' or '#' or '~' or ':')
            {
                copy[i] = ' ';
            }
        }

        return new string(copy);
    }
}
