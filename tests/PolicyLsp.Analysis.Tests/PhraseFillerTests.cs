using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Tests;

/// <summary>
/// A phrase set with fillers matches a phrase whose words are interrupted by them ("you may always opt out"), and
/// never lets a filler begin or end a match.
/// </summary>
public sealed class PhraseFillerTests
{
    private static readonly PhraseSet Set = new(["you may opt out", "by default"]) { Fillers = new WordList(["always", "also"]) };

    private static List<string> Matches(string text)
    {
        var tokens = Tokenizer.Tokenize(text);
        return Set.FindAll(tokens).Select(m => string.Join(' ', tokens[m.TokenStart..m.TokenEnd].Select(t => t.LowerSpan.ToString()))).ToList();
    }

    [Fact]
    public void Fillers_between_the_words_of_a_phrase_are_skipped()
    {
        Assert.Equal(["you may always opt out"], Matches("You may always opt out at any time."));
        Assert.Equal(["you may also always opt out"], Matches("You may also always opt out."));
    }

    [Fact]
    public void A_filler_neither_starts_nor_ends_a_match()
    {
        Assert.Equal(["you may opt out"], Matches("Always you may opt out always."));
        Assert.Equal(["by default"], Matches("It is on by default also."));
    }

    [Fact]
    public void Other_words_still_break_a_phrase()
    {
        Assert.Empty(Matches("You may not opt out."));
        Assert.Empty(Matches("You may never opt out."));
    }

    [Fact]
    public void Without_fillers_a_phrase_must_be_contiguous()
    {
        var plain = new PhraseSet(["you may opt out"]);
        Assert.Empty(plain.FindAll(Tokenizer.Tokenize("You may always opt out.")));
    }
}
