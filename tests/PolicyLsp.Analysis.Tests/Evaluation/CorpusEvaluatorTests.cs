using PolicyLsp.Analysis.Evaluation;

namespace PolicyLsp.Analysis.Tests.Evaluation;

/// <summary>The scoring itself, on a tiny corpus written for the test.</summary>
public sealed class CorpusEvaluatorTests : IDisposable
{
    private const string TrainingClause = "# Privacy\n\nWe may use your posts to train our AI models.\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("policylsp-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Detection_judgements_and_clean_documents_are_scored_against_the_labels()
    {
        Write("labelled.md", TrainingClause);
        Write("clean.md", TrainingClause);
        Write("extra.md", "# Notes\n");
        var labels = new CorpusLabels(null,
        [
            new LabelledDocument("labelled.md", 10,
            [
                new LabelledClause(3, "ai", ["EU", "EEA", "UK", "CH"], Plain: false, null),
                new LabelledClause(3, "optin", [], Plain: false, null),
            ], null),
            new LabelledDocument("clean.md", 100, [], null),
        ]);

        var result = CorpusEvaluator.Evaluate(labels, _dir);

        Assert.Equal(new Score(1, 1, 0), result.For("ai"));
        Assert.Equal(new Score(0, 0, 1), result.For("optin"));
        Assert.Contains(result.Mismatches, m => m is { Kind: MismatchKind.Miss, Where: "labelled.md:3", Subject: "optin" });
        Assert.Contains(result.Mismatches, m => m is { Kind: MismatchKind.FalseAlarm, Where: "clean.md:3", Subject: "ai" } && m.Excerpt.StartsWith("We may use your posts", StringComparison.Ordinal));

        // The label covers every region, so the engine's PL101 is a false alarm; both say it is not plain.
        Assert.Equal(new Score(0, 1, 0), result.AgreementFor("PL101"));
        Assert.Equal(new Score(1, 0, 0), result.AgreementFor("PL102"));
        Assert.Equal(Score.Zero, result.AgreementFor("PL201"));
        Assert.Single(result.Disagreements, d => d is { Kind: MismatchKind.FalseAlarm, Subject: "PL101" });

        Assert.Equal(1, result.CleanDocuments.Documents);
        Assert.Equal(2, result.CleanDocuments.Findings.Count);
        Assert.Equal(200, result.CleanDocuments.FalseFindingsPer10KWords);
        Assert.Equal(["extra.md"], result.UnlabelledFiles);
    }

    [Fact]
    public void The_rejection_audit_lists_the_lines_behind_each_count()
    {
        // Line 3 is labelled and turned down (the reader's own choice is not a data use of ours), line 5 is turned down and
        // not labelled, line 7 is found.
        Write("audit.md", "# Privacy\n\nIf you do not want to provide your email address, you can skip that step.\n\n"
            + "If you do not want to provide a photo, you can leave it out.\n\n"
            + "We send marketing emails by default; you can opt out in Settings > Email.\n");
        var labels = new CorpusLabels(null,
        [
            new LabelledDocument("audit.md", 40,
            [
                new LabelledClause(3, "optin", [], Plain: true, null),
                new LabelledClause(7, "optin", [], Plain: true, null),
            ], null),
        ]);

        var result = CorpusEvaluator.Evaluate(labels, _dir, rejections: true);

        var lines = Assert.IsAssignableFrom<IReadOnlyList<RejectedLine>>(result.RejectedLines);
        Assert.Contains(lines, l => l is { Where: "audit.md:3", Line: "missed", Family: "optin" } && l.Excerpt.StartsWith("If you do not want to provide your", StringComparison.Ordinal));
        Assert.Contains(lines, l => l is { Where: "audit.md:5", Line: "unlabelled", Family: "optin" });
        Assert.DoesNotContain(lines, l => l.Where == "audit.md:7");
        foreach (var count in result.Rejections!)
        {
            var behind = lines.Where(l => l.Family == count.Family && l.Reason == count.Reason).ToList();
            Assert.Equal(count.Missed, behind.Count(l => l.Line == "missed"));
            Assert.Equal(count.Unlabelled, behind.Count(l => l.Line == "unlabelled"));
            Assert.Equal(count.Found, behind.Count(l => l.Line == "found"));
        }

        Assert.Null(CorpusEvaluator.Evaluate(labels, _dir).RejectedLines);
    }

    [Fact]
    public void A_labelled_document_missing_from_the_corpus_is_an_error_that_names_it()
    {
        var labels = new CorpusLabels(null, [new LabelledDocument("gone.md", 10, [], null)]);
        var error = Assert.Throws<EvaluationDataException>(() => CorpusEvaluator.Evaluate(labels, _dir));
        Assert.Contains("gone.md", error.Message);
    }

    [Fact]
    public void Broken_label_files_are_errors_that_name_the_file()
    {
        var broken = Write("labels.json", "{ \"documents\": [ { \"file\": \"a.md\", \"clauses\": [ { \"line\": 3, \"family\": \"aj\", \"covered\": [] } ] } ] }");
        Assert.Contains("labels.json", Assert.Throws<EvaluationDataException>(() => CorpusLabels.Load(broken)).Message);
        var invalid = Write("clauses.json", "{ \"clauses\": [ ");
        Assert.Contains("clauses.json", Assert.Throws<EvaluationDataException>(() => ClauseSet.Load(invalid)).Message);
        Assert.Contains("not found", Assert.Throws<EvaluationDataException>(() => ClauseSet.Load(Path.Combine(_dir, "missing.json"))).Message);
    }

    [Fact]
    public void Excerpts_are_one_line_and_about_80_characters()
    {
        Assert.Equal("a b", Mismatch.Shorten("a\n  b"));
        Assert.Equal(81, Mismatch.Shorten(new string('x', 200)).Length);
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        File.WriteAllText(path, text);
        return path;
    }
}
