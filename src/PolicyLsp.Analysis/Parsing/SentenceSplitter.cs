namespace PolicyLsp.Analysis.Parsing;

/// <summary>
/// Splits plain text into sentences at ., ! and ? that end a sentence (not an abbreviation of the language's pack).
/// One splitter per language, built once (<see cref="Vocabulary.Grammar.Splitter"/>): it is on the keystroke path.
/// </summary>
internal sealed class SentenceSplitter
{
    // The longest abbreviation looked up, in characters: longer words are never abbreviations.
    private const int MaxAbbreviation = 16;

    // Abbreviations without spaces or final dot ("e.g", "z.b"); and the leading parts of spaced ones ("z" of "z. B.").
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _abbreviations;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _leadingParts;
    private readonly bool _spaced;

    /// <param name="abbreviations">As written, with their dots: "e.g.", "Inc.", "z. B.".</param>
    public SentenceSplitter(IEnumerable<string> abbreviations)
    {
        var whole = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var leading = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var abbreviation in abbreviations)
        {
            var key = abbreviation.Replace(" ", "", StringComparison.Ordinal).TrimEnd('.');
            if (key.Length is > 0 and <= MaxAbbreviation)
            {
                whole.Add(key);
            }

            // "i. d. R.": a period after "i" or "i. d" is followed by the rest of it.
            var parts = abbreviation.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var n = 1; n < parts.Length; n++)
            {
                leading.Add(string.Concat(parts[..n]).TrimEnd('.'));
                _spaced = true;
            }
        }

        _abbreviations = whole.GetAlternateLookup<ReadOnlySpan<char>>();
        _leadingParts = leading.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The English pack's splitter, for text of no declared language.</summary>
    public static SentenceSplitter English => Vocabulary.TermPack.English.Grammar.Splitter;

    public IEnumerable<(int Start, int End)> Split(string text)
    {
        var start = SkipSpace(text, 0);
        var i = start;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                var lineEnd = i;
                while (lineEnd > start && char.IsWhiteSpace(text[lineEnd - 1]))
                {
                    lineEnd--;
                }

                if (lineEnd > start)
                {
                    yield return (start, lineEnd);
                }

                start = SkipSpace(text, i + 1);
                i = start;
                continue;
            }

            if (c is '.' or '!' or '?' && IsBoundary(text, i, out var end))
            {
                if (end > start)
                {
                    yield return (start, end);
                }

                start = SkipSpace(text, end);
                i = start;
                continue;
            }

            i++;
        }

        var last = text.Length;
        while (last > start && char.IsWhiteSpace(text[last - 1]))
        {
            last--;
        }

        if (last > start)
        {
            yield return (start, last);
        }
    }

    private bool IsBoundary(string text, int i, out int end)
    {
        end = i + 1;
        // Closing marks after the stop, English and German: "…."", "….“", "….)".
        while (end < text.Length && text[end] is '.' or '!' or '?' or '"' or '”' or '’' or '\'' or ')' or '“' or '«' or '»')
        {
            end++;
        }

        if (end >= text.Length)
        {
            return true;
        }

        if (!char.IsWhiteSpace(text[end]))
        {
            return false;
        }

        var next = SkipSpace(text, end);
        if (next >= text.Length)
        {
            return true;
        }

        var n = text[next];
        if (!(char.IsUpper(n) || char.IsDigit(n) || n is '"' or '“' or '‘' or '„' or '‚' or '»' or '«' or '(' or '[' or '{' or '*' or '_'))
        {
            return false;
        }

        if (text[i] == '.' && IsAbbreviation(text, i, next))
        {
            return false;
        }

        return true;
    }

    /// <summary>
    /// Whether the period at <paramref name="i"/> ends an abbreviation: the letters and dots before it are one (or a
    /// single capital, an initial), or the part of a spaced one ("d. h.") before it and the rest after it.
    /// </summary>
    private bool IsAbbreviation(string text, int i, int next)
    {
        var wordStart = i;
        while (wordStart > 0 && i - wordStart <= MaxAbbreviation && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
        {
            wordStart--;
        }

        var word = text.AsSpan(wordStart, i - wordStart);
        if (_abbreviations.Contains(word) || (word.Length == 1 && char.IsUpper(word[0])))
        {
            return true;
        }

        if (!_spaced || word.IsEmpty)
        {
            return false;
        }

        // "z. B.", "i. d. R.": the parts before, with their spaces left out, then the parts after.
        Span<char> joined = stackalloc char[MaxAbbreviation + 1];
        var length = 0;
        var start = wordStart;
        while (start >= 2 && text[start - 1] == ' ' && text[start - 2] == '.' && i - start < MaxAbbreviation)
        {
            start--;
            while (start > 0 && i - start <= MaxAbbreviation && (char.IsLetter(text[start - 1]) || text[start - 1] == '.'))
            {
                start--;
            }
        }

        for (var k = start; k < i && length < joined.Length; k++)
        {
            if (text[k] != ' ')
            {
                joined[length++] = text[k];
            }
        }

        var before = joined[..length];
        if (start < wordStart && _abbreviations.Contains(before))
        {
            return true;
        }

        // The period of a leading part: a letter run and a period follow ("z." then "B.").
        var after = next;
        while (after < text.Length && char.IsLetter(text[after]))
        {
            after++;
        }

        return after > next && after < text.Length && text[after] == '.' && _leadingParts.Contains(before);
    }

    private static int SkipSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }
}
