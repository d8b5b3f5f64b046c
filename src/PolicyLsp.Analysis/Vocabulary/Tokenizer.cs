using System.Text;

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
    // Lower case of each UTF-16 unit met so far (0: not yet; no character lower-cases to U+0000).
    private static readonly char[] LowerCache = new char[char.MaxValue + 1];

    public static Token[] Tokenize(string text)
    {
        var lower = string.Create(text.Length, text, static (span, t) => Lower(t, span));
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

    /// <summary>
    /// The lower-cased form words are matched in: invariant casing, a curly apostrophe as a straight one, every
    /// offset kept (the clause gate searches the same form).
    /// </summary>
    public static void Lower(ReadOnlySpan<char> text, Span<char> destination)
    {
        // Runs of ASCII are lowered in bulk; other characters one code point at a time (the invariant mapping of a
        // whole span sends all of it through ICU as soon as one curly quote appears, which was a fifth of an analysis).
        var i = 0;
        while (i < text.Length)
        {
            var nonAscii = text[i..].IndexOfAnyExceptInRange((char)0, (char)0x7F);
            var run = nonAscii < 0 ? text.Length - i : nonAscii;
            Ascii.ToLower(text.Slice(i, run), destination.Slice(i, run), out _);
            i += run;
            if (i >= text.Length)
            {
                break;
            }

            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                text.Slice(i, 2).ToLowerInvariant(destination.Slice(i, 2));
                i += 2;
            }
            else
            {
                destination[i] = text[i] == '’' ? '\'' : LowerOf(text[i]);
                i++;
            }
        }
    }

    /// <summary>
    /// The invariant lower case of a character outside ASCII, remembered: each call of the runtime's mapping for one
    /// character goes to ICU, and policies are full of curly quotes and dashes. A race writes the same value twice.
    /// </summary>
    private static char LowerOf(char c)
    {
        var known = LowerCache[c];
        if (known == '\0')
        {
            known = char.ToLowerInvariant(c);
            LowerCache[c] = known;
        }

        return known;
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
