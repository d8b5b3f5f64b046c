using CsCheck;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Tests;

/// <summary>The matcher's lower-casing is the invariant mapping of the whole text, with curly apostrophes straightened.</summary>
public sealed class TokenizerProperties
{
    private static readonly string[] Pieces =
    [
        "a", "Z", "Data", " ", ".", "’", "'", "“", "”", "İ", "ı", "Σ", "ς", "ß", "É", "Ǆ", "ǅ", "𐐀", "𐐨", "😀", "個人", "\uD800", "\uDC00",
        "\r\n", "\u00A0", "Ⅻ", "Ａ", "K", "Å",
    ];

    [Fact]
    public void Lower_matches_the_invariant_mapping_of_the_whole_text()
    {
        Gen.Int[0, Pieces.Length - 1].Array[0, 60].Select(picks => string.Concat(picks.Select(i => Pieces[i]))).Sample(
            text =>
            {
                var lowered = new char[text.Length];
                Tokenizer.Lower(text, lowered);
                Assert.Equal(text.ToLowerInvariant().Replace('’', '\''), new string(lowered));
            },
            iter: 2000);
    }
}
