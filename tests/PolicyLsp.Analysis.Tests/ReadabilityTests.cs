using PolicyLsp.Analysis.Text;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Tests;

/// <summary>Each language is graded by a formula made for it: English by Flesch–Kincaid, German by the first Wiener Sachtextformel.</summary>
public sealed class ReadabilityTests
{
    private static Readability German => TermPack.ForLanguage("de")!.Readability;

    [Fact]
    public void The_packs_name_their_formulas()
    {
        Assert.Equal(ReadabilityFormula.FleschKincaidGrade, TermPack.English.Readability.Formula);
        Assert.Equal(ReadabilityFormula.WienerSachtextformel1, German.Formula);
    }

    /// <summary>The grades the English formula gave before the formula moved into the pack.</summary>
    [Theory]
    [InlineData(0.8, "We use your posts to train our AI models.", "You can turn this off in Settings.")]
    [InlineData(18.1, "By default, we may process the personal information you provide, including communications and uploaded content, to develop, improve and train the machine learning models that power our services.")]
    [InlineData(3.3, "Your data helps improve our product.", "It is on by default.", "To turn it off, go to Settings > Privacy and switch off Help improve.")]
    public void English_grades_are_unchanged(double grade, params string[] sentences)
    {
        Assert.Equal(grade, TextMetrics.Grade(sentences, TermPack.English.Readability));
        Assert.Equal(grade, TextMetrics.Grade(sentences, Readability.English));
    }

    [Theory]
    [InlineData("make", 1)]
    [InlineData("table", 2)]
    [InlineData("improve", 2)]
    [InlineData("idea", 2)]
    public void English_syllables_drop_a_silent_final_e(string word, int syllables) =>
        Assert.Equal(syllables, TextMetrics.CountSyllables(word, TermPack.English.Readability));

    [Theory]
    [InlineData("Sprache", 2)]
    [InlineData("Daten", 2)]
    [InlineData("Verarbeitung", 4)]
    [InlineData("Überprüfung", 4)]
    [InlineData("Bäume", 2)]
    [InlineData("Einstellungen", 4)]
    [InlineData("Typ", 1)]
    [InlineData("Sie", 1)]
    public void German_syllables_are_vowel_groups_with_umlauts_and_no_silent_e(string word, int syllables) =>
        Assert.Equal(syllables, TextMetrics.CountSyllables(word, German));

    [Fact]
    public void Short_simple_german_is_graded_easy()
    {
        string[] text = ["Wir nutzen Ihre Texte.", "Das ist an.", "Sie können es in den Einstellungen abschalten."];
        var grade = TextMetrics.Grade(text, German);
        Assert.InRange(grade, 0, 6);
    }

    [Fact]
    public void Long_nominal_german_is_graded_hard()
    {
        string[] text =
        [
            "Die Verarbeitung personenbezogener Daten zur Weiterentwicklung und Verbesserung unserer auf künstlicher "
            + "Intelligenz beruhenden Sprachmodelle erfolgt auf Grundlage unseres berechtigten Interesses gemäß der "
            + "einschlägigen datenschutzrechtlichen Bestimmungen, sofern die betroffene Person der Verarbeitung nicht "
            + "ausdrücklich widersprochen hat.",
        ];
        Assert.True(TextMetrics.Grade(text, German) >= 12, $"grade {TextMetrics.Grade(text, German)}");
    }

    [Fact]
    public void German_text_is_graded_by_the_german_formula_in_an_analysis()
    {
        const string Text = "---\nlang: de\n---\n\n# KI\n\nWir verwenden Ihre Beiträge, um unsere KI-Modelle zu trainieren.\n";
        var result = PolicyAnalyzer.Analyze(Text);
        var clause = Assert.Single(result.Context.Clauses);
        var sentence = result.Context.Facts(clause.Sentence);
        var expected = TextMetrics.Grade([clause.Sentence.Text], German);
        Assert.Equal(expected, TextMetrics.Grade(sentence.ReadingStats, German));
        Assert.Equal(expected, result.Context.PlainLanguage.Evaluate(clause).Grade);
        Assert.NotEqual(TextMetrics.Grade([clause.Sentence.Text], Readability.English), expected);
    }
}
