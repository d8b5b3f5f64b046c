using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Tests;

/// <summary>What the code reads at fixed places of a sentence comes from the document's language pack.</summary>
public sealed class GrammarTests
{
    private static Grammar German => TermPack.ForLanguage("de")!.Grammar;

    [Theory]
    [InlineData("„Designierte Länder“ bezeichnet die Europäische Union, den Europäischen Wirtschaftsraum und die Schweiz.", "Designierte Länder")]
    [InlineData("Diese Hinweise gelten für Nutzer in der Europäischen Union, im Europäischen Wirtschaftsraum und in der Schweiz (nachfolgend „EU-Nutzer“).", "EU-Nutzer")]
    [InlineData("Nutzer in der Europäischen Union, im Europäischen Wirtschaftsraum und in der Schweiz (im Folgenden „Europa-Nutzer“ genannt) können widersprechen.", "Europa-Nutzer")]
    public void German_definitions_are_read_with_german_quotes_and_words(string sentence, string term)
    {
        var result = PolicyAnalyzer.Analyze($"---\nlang: de\n---\n\n# Begriffe\n\n{sentence}\n");
        var defined = Assert.Single(result.Context.Regions.DefinedTerms);
        Assert.Equal(term, defined.Term);
        Assert.Equal(["EU", "EEA", "CH"], defined.RegionIds);
    }

    [Theory]
    [InlineData("“Designated Countries” means the European Union, the European Economic Area and Switzerland.", "Designated Countries")]
    [InlineData("We serve users in the European Union, the European Economic Area and Switzerland (collectively, \"Europe\").", null)]
    [InlineData("We serve users in the European Union, the European Economic Area and Switzerland (hereinafter \"European Users\").", "European Users")]
    public void English_definitions_are_read_as_before(string sentence, string? term)
    {
        var result = PolicyAnalyzer.Analyze($"# Terms\n\n{sentence}\n");
        if (term is null)
        {
            Assert.Empty(result.Context.Regions.DefinedTerms);
            return;
        }

        var defined = Assert.Single(result.Context.Regions.DefinedTerms);
        Assert.Equal(term, defined.Term);
    }

    [Fact]
    public void A_german_definition_is_not_read_by_english_rules()
    {
        const string Sentence = "„Designierte Länder“ bezeichnet die Europäische Union und die Schweiz.";
        Assert.Empty(PolicyAnalyzer.Analyze($"# Begriffe\n\n{Sentence}\n").Context.Regions.DefinedTerms);
    }

    [Theory]
    [InlineData("en", "cookies", "cookie")]
    [InlineData("en", "ads", "ads")]
    [InlineData("en", "telemetry", "telemetry")]
    [InlineData("de", "modellen", "modell")]
    [InlineData("de", "modelle", "modell")]
    [InlineData("de", "cookies", "cooki")]
    [InlineData("de", "cookie", "cooki")]
    [InlineData("de", "analysen", "analys")]
    [InlineData("de", "analyse", "analys")]
    public void Plural_endings_come_from_the_pack(string language, string word, string singular) =>
        Assert.Equal(singular, TermPack.ForLanguage(language)!.Grammar.Singular(word));

    [Fact]
    public void German_function_words_are_german()
    {
        Assert.True(German.Articles.Contains("der"));
        Assert.False(German.Articles.Contains("the"));
        Assert.True(German.ClauseBreakers.Contains("jedoch"));
        Assert.True(German.NounEndings.EndsAny("verbesserung"));
        Assert.False(TermPack.English.Grammar.NounEndings.EndsAny("verbesserung"));
        Assert.True(TermPack.English.Grammar.NounEndings.EndsAny("improvements"));
    }

    [Fact]
    public void A_region_list_joined_by_german_words_is_one_scoped_list()
    {
        const string Text = "---\nlang: de\n---\n\n# KI\n\nWir verwenden Ihre Beiträge, um unsere KI-Modelle zu trainieren. "
            + "Für Nutzer in der EU, im EWR, im Vereinigten Königreich und in der Schweiz gilt das nicht: dort verwenden wir Ihre Beiträge nur mit Ihrer Einwilligung.\n";
        var result = PolicyAnalyzer.Analyze(Text);
        Assert.DoesNotContain(result.Findings, f => f.Code == "PL101");
    }
}
