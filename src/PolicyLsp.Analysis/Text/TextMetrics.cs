using PolicyLsp.Analysis.Vocabulary;

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
    public static int CountSyllables(ReadOnlySpan<char> word) => CountSyllables(word, Readability.English);

    /// <summary>
    /// A syllable estimate under a language's rules: runs of its vowels ("ei", "äu" are one), less a silent final e
    /// where the language has one, at least one.
    /// </summary>
    public static int CountSyllables(ReadOnlySpan<char> word, Readability rules)
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
            var vowel = rules.Vowels.Contains(c);
            if (vowel && !previousVowel)
            {
                count++;
            }

            previousVowel = vowel;
        }

        if (rules.SilentFinalE && letters > 2 && word.Length > 2)
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

    /// <summary>What a readability formula counts in one word, to be summed over sentences.</summary>
    public static ReadingStats Measure(ReadOnlySpan<char> word, Readability rules)
    {
        var syllables = CountSyllables(word, rules);
        var letters = 0;
        foreach (var c in word)
        {
            letters += char.IsLetter(c) ? 1 : 0;
        }

        return new ReadingStats(0, 1, syllables, syllables >= 3 ? 1 : 0, syllables == 1 ? 1 : 0, letters > 6 ? 1 : 0);
    }

    /// <summary>
    /// The school grade of text with these counts, by the language's formula. English: Flesch–Kincaid grade level
    /// (Kincaid, Fishburne, Rogers and Chissom 1975). German: the first Wiener Sachtextformel (Bamberger and Vanecek,
    /// "Lesen – Verstehen – Lernen – Schreiben", Wien 1984), fitted to German school grades (4 easy … 15 very hard),
    /// so the same grade threshold means about the same for both; English syllable rules misgrade German compounds.
    /// </summary>
    public static double Grade(ReadingStats stats, Readability rules)
    {
        if (stats.Words == 0 || stats.Sentences == 0)
        {
            return 0;
        }

        return rules.Formula switch
        {
            ReadabilityFormula.WienerSachtextformel1 => WienerSachtextformel1(stats),
            _ => FleschKincaidGrade(stats.Sentences, stats.Words, stats.Syllables),
        };
    }

    /// <summary>WSTF1 = 0.1935·MS + 0.1672·SL + 0.1297·IW − 0.0327·ES − 0.875 (percentages of words; SL words per sentence).</summary>
    private static double WienerSachtextformel1(ReadingStats stats)
    {
        double words = stats.Words;
        var polysyllables = 100 * stats.Polysyllables / words;
        var sentenceLength = words / stats.Sentences;
        var longWords = 100 * stats.LongWords / words;
        var monosyllables = 100 * stats.Monosyllables / words;
        var grade = (0.1935 * polysyllables) + (0.1672 * sentenceLength) + (0.1297 * longWords) - (0.0327 * monosyllables) - 0.875;
        return Math.Round(Math.Max(0, grade), 1);
    }

    /// <summary>The school grade of one or more sentences by the language's formula (English: Flesch–Kincaid).</summary>
    public static double Grade(IEnumerable<string> sentences, Readability rules)
    {
        var total = default(ReadingStats);
        foreach (var sentence in sentences)
        {
            var here = default(ReadingStats);
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
                    here += Measure(span[start..i], rules);
                }
            }

            if (here.Words > 0)
            {
                total += here with { Sentences = 1 };
            }
        }

        return Grade(total, rules);
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

/// <summary>Counts readability formulas read: sentences, words, syllables, words of three or more syllables and of one, words of more than six letters.</summary>
public readonly record struct ReadingStats(int Sentences, int Words, int Syllables, int Polysyllables, int Monosyllables, int LongWords)
{
    public static ReadingStats operator +(ReadingStats a, ReadingStats b) => new(
        a.Sentences + b.Sentences,
        a.Words + b.Words,
        a.Syllables + b.Syllables,
        a.Polysyllables + b.Polysyllables,
        a.Monosyllables + b.Monosyllables,
        a.LongWords + b.LongWords);
}
