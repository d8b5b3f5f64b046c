using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Tests;

/// <summary>Sentences end where the document's language says: its pack's abbreviations do not end one.</summary>
public sealed class SentenceSplitterTests
{
    private static List<string> Split(SentenceSplitter splitter, string text) =>
        splitter.Split(text).Select(s => text[s.Start..s.End]).ToList();

    [Theory]
    [InlineData("We use content, e.g. Posts you share. You can opt out.", 2)]
    [InlineData("Acme Inc. And its partners use it. We do not sell it.", 2)]
    [InlineData("See Sec. 4 of the U.S. Privacy Notice. It applies to you.", 2)]
    [InlineData("Contact J. Smith at 5 p.m. Monday. He answers.", 2)]
    [InlineData("We train models. You can opt out! Ask us? Yes.", 4)]
    public void English_abbreviations_do_not_end_a_sentence(string text, int sentences) =>
        Assert.Equal(sentences, Split(SentenceSplitter.English, text).Count);

    [Theory]
    [InlineData("Wir nutzen Inhalte, z. B. Beiträge und Fotos. Sie können widersprechen.", 2)]
    [InlineData("Wir nutzen Inhalte, z.B. Beiträge. Sie können widersprechen.", 2)]
    [InlineData("Wir nutzen Ihre Daten, d. h. Ihre Beiträge. Das ist alles.", 2)]
    [InlineData("Wir speichern Daten i. d. R. 30 Tage. Danach löschen wir sie.", 2)]
    [InlineData("Siehe Art. 6 Abs. 1 lit. f DSGVO. Sie können widersprechen.", 2)]
    [InlineData("Wir nutzen Beiträge, Fotos usw. Nachrichten nutzen wir nicht.", 1)]
    [InlineData("Wir nutzen Ihre Eingaben bzw. Dateien. Sie können das deaktivieren.", 2)]
    [InlineData("Wir nutzen Daten von Nr. 5 bis ggf. Nr. 7. Das ist alles.", 2)]
    [InlineData("Wir trainieren „Smart Compose“. „Smart Compose“ lernt aus Ihren Texten.", 2)]
    [InlineData("Wir nennen es „Hilfe.“ Sie können es abschalten.", 2)]
    public void German_abbreviations_do_not_end_a_sentence(string text, int sentences) =>
        Assert.Equal(sentences, Split(TermPack.ForLanguage("de")!.Grammar.Splitter, text).Count);

    [Fact]
    public void The_english_splitter_does_not_know_german_abbreviations()
    {
        const string Text = "Wir nutzen Inhalte, d. h. Beiträge. Sie können widersprechen.";
        Assert.Equal(2, Split(TermPack.ForLanguage("de")!.Grammar.Splitter, Text).Count);
        Assert.Equal(3, Split(SentenceSplitter.English, Text).Count);
    }

    [Fact]
    public void The_document_language_from_front_matter_or_settings_chooses_the_splitter()
    {
        const string Body = "# Daten\n\nWir nutzen Inhalte, d. h. Beiträge. Sie können widersprechen.\n";
        Assert.Equal(3, PolicyAnalyzer.Analyze(Body).Document.Sentences.Count(s => s.Block.Kind != BlockKind.Heading));
        Assert.Equal(2, PolicyAnalyzer.Analyze("---\nlang: de\n---\n\n" + Body).Document.Sentences.Count(s => s.Block.Kind != BlockKind.Heading));
        Assert.Equal(2, PolicyAnalyzer.Analyze(Body, PolicyConfig.Default with { Language = "de" }).Document.Sentences.Count(s => s.Block.Kind != BlockKind.Heading));
    }

    [Fact]
    public void A_cached_parse_is_not_reused_when_the_language_changes()
    {
        var cache = new AnalysisCache();
        var body = string.Concat(Enumerable.Range(0, 100).Select(i => $"# Abschnitt {i}\n\nWir nutzen Inhalte, d. h. Beiträge. Sie können widersprechen.\n\n"));
        var english = PolicyAnalyzer.Analyze("---\nlang: en\n---\n\n" + body, cache: cache);
        var german = PolicyAnalyzer.Analyze("---\nlang: de\n---\n\n" + body, cache: cache);
        var fresh = PolicyAnalyzer.Analyze("---\nlang: de\n---\n\n" + body);
        Assert.Equal(fresh.Document.Sentences.Select(s => s.Text), german.Document.Sentences.Select(s => s.Text));
        Assert.NotEqual(english.Document.Sentences.Count, german.Document.Sentences.Count);

        // The same language again reuses the chunks as before.
        PolicyAnalyzer.Analyze("---\nlang: de\n---\n\n" + body + "Noch ein Satz.\n", cache: cache);
        Assert.True(cache.Chunks.LastRun.Reused > 0);
    }
}
