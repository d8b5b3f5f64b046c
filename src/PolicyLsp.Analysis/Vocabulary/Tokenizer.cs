namespace PolicyLsp.Analysis.Vocabulary;

/// <summary>A word of a sentence: its lower-cased form and where it sits in the sentence's text.</summary>
public readonly record struct Token(string Lower, string Original, int Start, int End);

/// <summary>Splits text into words: runs of letters and digits, keeping inner apostrophes ("don't").</summary>
public static class Tokenizer
{
    public static Token[] Tokenize(string text)
    {
        var tokens = new List<Token>(text.Length / 5);
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
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

            var span = text.AsSpan(start, i - start);
            var original = span.Contains('’') ? span.ToString().Replace('’', '\'') : span.ToString();
            var lower = HasUpper(original) ? original.ToLowerInvariant() : original;
            tokens.Add(new Token(lower, original, start, i));
        }

        return tokens.ToArray();
    }

    private static bool HasUpper(string word)
    {
        foreach (var c in word)
        {
            if (char.IsUpper(c))
            {
                return true;
            }
        }

        return false;
    }
}
