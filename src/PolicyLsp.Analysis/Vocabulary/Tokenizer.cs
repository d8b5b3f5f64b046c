namespace PolicyLsp.Analysis.Vocabulary;

/// <summary>
/// A word of a sentence, as a range of the sentence's text. It holds references to the text and its
/// lower-cased copy, so tokenizing allocates no string per word.
/// </summary>
public readonly record struct Token(string LowerText, string Text, int Start, int End)
{
    public ReadOnlySpan<char> LowerSpan => LowerText.AsSpan(Start, End - Start);

    public ReadOnlySpan<char> OriginalSpan => Text.AsSpan(Start, End - Start);

    public string Lower => LowerSpan.ToString();

    public string Original => OriginalSpan.ToString();
}

/// <summary>Splits text into words: runs of letters and digits, keeping inner apostrophes ("don't").</summary>
public static class Tokenizer
{
    public static Token[] Tokenize(string text)
    {
        // Curly apostrophes match straight ones; the copy keeps every offset.
        var lower = text.ToLowerInvariant().Replace('’', '\'');
        var count = 0;
        for (var i = 0; i < text.Length;)
        {
            var (start, end) = NextWord(text, i);
            if (start < 0)
            {
                break;
            }

            count++;
            i = end;
        }

        var tokens = new Token[count];
        var n = 0;
        for (var i = 0; i < text.Length && n < count;)
        {
            var (start, end) = NextWord(text, i);
            tokens[n++] = new Token(lower, text, start, end);
            i = end;
        }

        return tokens;
    }

    private static (int Start, int End) NextWord(string text, int i)
    {
        while (i < text.Length && !char.IsLetterOrDigit(text[i]))
        {
            i++;
        }

        if (i >= text.Length)
        {
            return (-1, -1);
        }

        var start = i;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                i++;
            }
            else if ((c == '\'' || c == '’') && i + 1 < text.Length && char.IsLetter(text[i + 1]))
            {
                i++;
            }
            else
            {
                break;
            }
        }

        return (start, i);
    }
}
