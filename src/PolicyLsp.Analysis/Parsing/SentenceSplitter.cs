namespace PolicyLsp.Analysis.Parsing;

/// <summary>Splits plain text into sentences at ., ! and ? that end a sentence (not an abbreviation).</summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "etc", "inc", "ltd", "co", "corp", "llc", "mr", "mrs", "ms", "dr", "st", "no", "vs", "cf",
        "u.s", "u.k", "e.u", "art", "sec", "para", "approx", "incl", "fig", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "viz", "al", "p.m", "a.m",
    };

    public static IEnumerable<(int Start, int End)> Split(string text)
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

    private static bool IsBoundary(string text, int i, out int end)
    {
        end = i + 1;
        while (end < text.Length && text[end] is '.' or '!' or '?' or '"' or '”' or '’' or '\'' or ')')
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
        if (!(char.IsUpper(n) || char.IsDigit(n) || n is '"' or '“' or '‘' or '(' or '[' or '{' or '*' or '_'))
        {
            return false;
        }

        if (text[i] == '.')
        {
            var wordStart = i;
            while (wordStart > 0 && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
            {
                wordStart--;
            }

            var word = text[wordStart..i];
            if (Abbreviations.Contains(word) || (word.Length == 1 && char.IsUpper(word[0])))
            {
                return false;
            }
        }

        return true;
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
