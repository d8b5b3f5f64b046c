using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Tests;

/// <summary>
/// The clause gate only saves time: every sentence the classifier calls a clause must pass it, in every language,
/// so analysing with the gate finds exactly what classifying every sentence finds.
/// </summary>
public sealed class ClauseGateTests
{
    public static TheoryData<string> Languages() => new(TermPack.AvailableLanguages);

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_sentence_the_classifier_calls_a_clause_passes_the_gate(string language)
    {
        var terms = TermPack.ForLanguage(language)!;
        var classified = 0;
        foreach (var text in TestPaths.PolicyDocuments().Select(d => d.Text))
        {
            var document = PolicyParser.Parse(text);
            foreach (var sentence in document.Sentences)
            {
                var mayHold = MayHoldClause(terms, sentence.Text);
                var previous = sentence.Block.Sentences.TakeWhile(s => s != sentence).LastOrDefault();
                if (ClauseClassifier.Classify(new SentenceFacts(sentence, terms), new Surroundings(Previous: () => previous is null ? null : new SentenceFacts(previous, terms))).Any())
                {
                    classified++;
                    Assert.True(mayHold, $"the gate stops a {language} clause: {sentence.Text}");
                }
            }
        }

        Assert.True(classified > 0, "no clause in the inputs: the test would prove nothing");
    }

    /// <summary>
    /// The gate must also be worth having: most ordinary sentences of real policies never reach the classifier. The
    /// share is measured on the corpus alone: the fixtures are nearly all clauses, so each new one would raise it.
    /// </summary>
    [SkippableFact]
    public void Most_sentences_of_real_policies_never_reach_the_classifier()
    {
        Skip.IfNot(TestPaths.HasCorpus, TestPaths.NoCorpus);
        var terms = TermPack.ForLanguage("en")!;
        var (passed, sentences) = (0, 0);
        foreach (var text in TestPaths.CorpusDocuments().Select(d => d.Text))
        {
            foreach (var sentence in PolicyParser.Parse(text).Sentences)
            {
                sentences++;
                passed += MayHoldClause(terms, sentence.Text) ? 1 : 0;
            }
        }

        Assert.True(passed < sentences / 2, $"{passed} of {sentences} sentences pass the gate");
    }

    private static bool MayHoldClause(TermPack terms, string text)
    {
        var lower = new char[text.Length];
        Tokenizer.Lower(text, lower);
        return terms.Gate.MayHoldClause(lower);
    }

    [Fact]
    public void Analysis_finds_the_same_clauses_as_classifying_every_sentence()
    {
        foreach (var text in TestPaths.PolicyDocuments().Select(d => d.Text))
        {
            var result = PolicyAnalyzer.Analyze(text);
            var expected = new List<string>();
            foreach (var sentence in result.Document.Sentences)
            {
                if (sentence.Block.Kind == BlockKind.Heading)
                {
                    continue;
                }

                var block = sentence.Block;
                var earlier = block.Sentences.TakeWhile(s => s != sentence);
                bool ConsentEarlier() => result.Context.ConsentEarlier(block, earlier.Count());
                SentenceFacts? Previous() => (earlier.LastOrDefault() ?? result.Context.PreviousEntry(block)?.Sentences[^1]) is { } s ? new SentenceFacts(s, result.Context.Terms) : null;
                IReadOnlyList<SentenceFacts> Around() => result.Context.FactsOf(result.Context.ContextOf(block));
                SentenceFacts? Next() => block.Sentences.SkipWhile(s => s != sentence).Skip(1).FirstOrDefault() is { } s ? new SentenceFacts(s, result.Context.Terms) : null;
                bool InChoicesSection() => ClauseClassifier.IsChoicesHeading(result.Context.Terms, block.Section.Title);
                var surroundings = new Surroundings(ConsentEarlier, Previous, block.Kind == BlockKind.TableCell ? Around : null,
                    result.Context.IsLedIn(block) ? Around : null, Next, block.Kind == BlockKind.ListItem ? InChoicesSection : null,
                    result.Context.OwnNames, block.Kind == BlockKind.ListItem ? () => result.Context.UnderNegatingHeading(block) : null,
                    block.Kind == BlockKind.ListItem ? () => ClauseClassifier.IsRightsHeading(result.Context.Terms, block.Section.Title) : null);
                expected.AddRange(ClauseClassifier.Classify(new SentenceFacts(sentence, result.Context.Terms), surroundings)
                    .Select(c => $"{c.Sentence.Index}:{c.Family}:{string.Join('|', c.Triggers)}"));
            }

            var actual = result.Context.Clauses.Select(c => $"{c.Sentence.Index}:{c.Family}:{string.Join('|', c.Triggers)}");
            Assert.Equal(expected, actual);
        }
    }
}
