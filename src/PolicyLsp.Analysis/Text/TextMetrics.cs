namespace PolicyLsp.Analysis.Text;

/// <summary>Word, sentence and syllable counts for readability scores.</summary>
public static class TextMetrics
{
    public static int CountWords(ReadOnlySpan<char> text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var wordChar = char.IsLetterOrDigit(c);
            if (wordChar && !inWord)
            {
                count++;
            }

            inWord = wordChar || (inWord && (c == '\'' || c == '’' || c == '-'));
        }

        return count;
    }

    /// <summary>An English syllable estimate: vowel groups, less a silent final e, at least one.</summary>
    public static int CountSyllables(ReadOnlySpan<char> word)
    {
        var count = 0;
        var previousVowel = false;
        var letters = 0;
        for (var i = 0; i < word.Length; i++)
        {
            var c = char.ToLowerInvariant(word[i]);
            if (!char.IsLetter(c))
            {
                continue;
            }

            letters++;
            var vowel = c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
            if (vowel && !previousVowel)
            {
                count++;
            }

            previousVowel = vowel;
        }

        if (letters > 2 && word.Length > 2)
        {
            var last = char.ToLowerInvariant(word[^1]);
            var beforeLast = char.ToLowerInvariant(word[^2]);
            if (last == 'e' && beforeLast != 'l' && count > 1)
            {
                count--;
            }
        }

        return Math.Max(1, count);
    }

    /// <summary>Flesch–Kincaid grade level of one or more sentences.</summary>
    public static double FleschKincaidGrade(IEnumerable<string> sentences)
    {
        var sentenceCount = 0;
        var words = 0;
        var syllables = 0;
        foreach (var sentence in sentences)
        {
            var wordsHere = 0;
            var span = sentence.AsSpan();
            var i = 0;
            while (i < span.Length)
            {
                while (i < span.Length && !char.IsLetterOrDigit(span[i]))
                {
                    i++;
                }

                var start = i;
                while (i < span.Length && (char.IsLetterOrDigit(span[i]) || span[i] == '\'' || span[i] == '’'))
                {
                    i++;
                }

                if (i > start)
                {
                    wordsHere++;
                    syllables += CountSyllables(span[start..i]);
                }
            }

            if (wordsHere > 0)
            {
                sentenceCount++;
                words += wordsHere;
            }
        }

        return FleschKincaidGrade(sentenceCount, words, syllables);
    }

    public static double FleschKincaidGrade(int sentences, int words, int syllables)
    {
        if (words == 0 || sentences == 0)
        {
            return 0;
        }

        var grade = (0.39 * words / sentences) + (11.8 * syllables / words) - 15.59;
        return Math.Round(Math.Max(0, grade), 1);
    }
}
