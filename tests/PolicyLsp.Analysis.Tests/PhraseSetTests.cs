using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Tests;

public sealed class PhraseSetTests
{
    [Theory]
    [InlineData("visit the Digital Advertising Alliance's page", "digital advertising alliance")]
    [InlineData("visit the Digital Advertising Alliance’s page", "digital advertising alliance")]
    [InlineData("the partner's own use", "partner")]
    public void A_possessive_matches_its_word(string text, string phrase)
    {
        var set = new PhraseSet([phrase]);
        Assert.Single(set.FindAll(Tokenizer.Tokenize(text)));
    }

    [Fact]
    public void A_phrase_that_spells_out_the_possessive_matches_as_the_word_does()
    {
        var set = new PhraseSet(["the customer's own", "customer"]);
        var matches = set.FindAll(Tokenizer.Tokenize("trained for the customer's own use; the customers"));
        Assert.Equal(["customer", "the customer's own"], matches.Select(m => m.Phrase).Order(StringComparer.Ordinal));
    }
}
