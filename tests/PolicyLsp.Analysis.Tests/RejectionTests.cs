using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Evaluation;
using PolicyLsp.Analysis.Workspace;

namespace PolicyLsp.Analysis.Tests;

/// <summary>
/// Why a sentence with clause words is not a clause: the classifier's own step that turned it down, as
/// <c>policylsp explain</c> prints it and as the evaluation groups its misses.
/// </summary>
public sealed class RejectionTests : IDisposable
{
    private const string Policy = """
        # Privacy

        ## Training

        We do not use your messages to train our AI models.

        With your consent, we use your voice recordings to train our speech models.

        Does the app use my chats to train its AI?

        Our AI models are hosted on servers in Ireland.

        ## Choices

        You have the right to opt out of the sale of your personal information.

        We send you account notices by email. You can unsubscribe at any time.

        You can opt out of interest-based ads by enabling Limit Ad Tracking on your device.

        We show you ads based on the pages you read. You can opt out in Settings > Ads.

        We use your posts to train our AI models.
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("policylsp-why-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(5, "AI-training clause", "read as negated")]
    [InlineData(7, "AI-training clause", "consent is asked first")]
    [InlineData(9, "AI-training clause", "a question states no practice")]
    [InlineData(15, "Default-opt-in clause", "a statement of legal rights, not a practice of ours")]
    [InlineData(17, "Default-opt-in clause", "unsubscribing from something one signed up for (no marketing named)")]
    [InlineData(19, "Default-opt-in clause", "a device's or browser's own control over advertising or cookies")]
    public void A_sentence_with_clause_words_says_why_it_is_not_a_clause(int line, string family, string reason)
    {
        var explained = Explain(line);

        Assert.Empty(explained.SelectMany(s => s.Clauses));
        Assert.Contains((family, reason), explained.SelectMany(s => s.NotClauses));
    }

    [Fact]
    public void A_sentence_without_a_familys_words_gets_no_reason_against_it()
    {
        // Model words without a training verb, and no opt-out or default words: no step of the classifier turned it down,
        // so explain names none (the evaluation still says which words a missed line lacks: "no training verb").
        var explained = Assert.Single(Explain(11));
        Assert.Empty(explained.Clauses);
        Assert.Empty(explained.NotClauses);
    }

    [Fact]
    public void A_clause_has_no_reason_against_its_family()
    {
        var training = Explain(23);
        Assert.Equal("AI-training clause", Assert.Single(training.SelectMany(s => s.Clauses)).Family);
        Assert.Empty(training.SelectMany(s => s.NotClauses));

        // The opt-out takes the data use the previous sentence names; that practice sentence has no opt-out or default
        // words, so nothing is said against it.
        var ads = Explain(21);
        Assert.Equal(2, ads.Count);
        Assert.Equal("Default-opt-in clause", Assert.Single(ads[1].Clauses).Family);
        Assert.Empty(ads.SelectMany(s => s.NotClauses));
    }

    [Fact]
    public void The_evaluation_groups_a_miss_by_the_step_that_turned_the_sentence_down()
    {
        File.WriteAllText(Path.Combine(_dir, "policy.md"), Policy);
        var labels = new CorpusLabels(null,
        [
            new LabelledDocument("policy.md", 120,
            [
                new LabelledClause(5, "ai", [], Plain: false, null),
                new LabelledClause(7, "ai", [], Plain: false, null),
                new LabelledClause(17, "optin", [], Plain: false, null),
                new LabelledClause(11, "ai", [], Plain: false, null),
            ], null),
        ]);

        var result = CorpusEvaluator.Evaluate(labels, _dir);

        string CauseAt(int line) => Assert.Single(result.Mismatches, m => m.Where == $"policy.md:{line}" && m.Kind == MismatchKind.Miss).Cause!;
        Assert.Equal("read as negated", CauseAt(5));
        Assert.Equal("consent is asked first", CauseAt(7));
        // The line's second sentence has the opt-out words; its reason is the one given, not the first sentence's.
        Assert.Equal("unsubscribing from something one signed up for (no marketing named)", CauseAt(17));
        Assert.Equal("no training verb", CauseAt(11));
    }

    [Fact]
    public void Asking_why_never_changes_what_the_classifier_finds_and_every_turned_down_sentence_has_a_reason()
    {
        // Over every fixture: a sentence that is a clause of a family is one when asked again with a recorder too, and a
        // sentence with a family's words and no clause of it has the step that turned it down.
        var (sentences, reasons) = (0, 0);
        foreach (var file in Directory.EnumerateFiles(TestPaths.Fixtures, "*.md"))
        {
            var result = PolicyAnalyzer.Analyze(File.ReadAllText(file));
            var context = result.Context;
            foreach (var sentence in result.Document.Sentences)
            {
                sentences++;
                var why = context.WhyNot(sentence);
                foreach (var family in PolicyLsp.Analysis.Rules.FamilyDescriptor.All)
                {
                    var isClause = context.Clauses.Any(c => c.Sentence == sentence && c.Family == family.Family);
                    if (isClause)
                    {
                        Assert.True(why.For(family.Family) is null, $"{Path.GetFileName(file)}: \"{sentence.Text}\" is a clause, yet turned down when asked why: {why.For(family.Family)}");
                    }
                    else if (family.MissingWords(context.Facts(sentence)) is null)
                    {
                        PolicyLsp.Analysis.Clauses.Rejections? recorded = null;
                        var reason = context.ReasonNotClause(sentence, family, ref recorded);
                        Assert.False(reason is null || reason.StartsWith("no reason recorded", StringComparison.Ordinal), $"{Path.GetFileName(file)}: \"{sentence.Text}\" has no reason");
                        reasons++;
                    }
                }
            }
        }

        Assert.True(sentences > 500 && reasons > 100, $"{sentences} sentences, {reasons} reasons");
    }

    private static IReadOnlyList<SentenceExplanation> Explain(int line)
    {
        var workspace = new PolicyWorkspace(new ConfigResolver());
        return Explanation.OfLine(workspace.Analyze("policy.md", Policy).Result, line);
    }
}
