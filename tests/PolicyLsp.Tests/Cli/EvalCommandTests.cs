using System.Text.Json;
using PolicyLsp.Cli;

namespace PolicyLsp.Tests.Cli;

public sealed class EvalCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policylsp-eval-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public void Report_has_the_per_family_lines_and_exits_0()
    {
        Skip.IfNot(HasCorpus, NoCorpus);
        // The defaults: eval/ above the test binaries and ../shared/corpus/real beside the repository.
        var (code, stdout, stderr) = Run();
        Assert.True(code == ExitCodes.Clean, stderr);
        Assert.Contains("Clause set: ", stdout);
        Assert.Contains("Corpus clause detection: ", stdout);
        Assert.Matches(@"(?m)^  ai \(PL1xx\) +\d\.\d\d +\d\.\d\d +\d\.\d\d", stdout);
        Assert.Matches(@"(?m)^  optin \(PL2xx\) +\d\.\d\d +\d\.\d\d +\d\.\d\d", stdout);
        // Clause set and corpus, plus the external dev documents when their texts have been re-created.
        var external = stdout.Contains("External dev documents clause detection: ", StringComparison.Ordinal);
        Assert.Equal(external ? 3 : 2, stdout.Split('\n').Count(l => l.StartsWith("  ai (PL1xx)", StringComparison.Ordinal)));
        Assert.Contains("  PL101 region carve-out", stdout);
        Assert.Contains("  PL202 plain language", stdout);
        Assert.Matches(@"False findings on documents labelled clause-free: \d+ in [\d,]+ words \(\d+ documents\) = \d+\.\d\d per 10,000 words", stdout);
        Assert.Contains("Corpus misses and false alarms: ", stdout);
    }

    [SkippableFact]
    public void Json_report_has_scores_per_family()
    {
        Skip.IfNot(HasCorpus, NoCorpus);
        var (code, stdout, _) = Run("--format", "json");
        Assert.Equal(ExitCodes.Clean, code);
        using var json = JsonDocument.Parse(stdout);
        var clauseSet = json.RootElement.GetProperty("clauseSet").GetProperty("families");
        Assert.Equal(["ai", "optin"], clauseSet.EnumerateArray().Select(f => f.GetProperty("family").GetString()));
        Assert.InRange(clauseSet[0].GetProperty("score").GetProperty("precision").GetDouble(), 0, 1);
        var corpus = json.RootElement.GetProperty("corpus");
        Assert.Equal(4, corpus.GetProperty("agreement").GetArrayLength());
        Assert.True(corpus.GetProperty("cleanDocuments").TryGetProperty("falseFindingsPer10KWords", out _));
    }

    [SkippableFact]
    public void A_missing_labels_file_is_a_clear_error_and_exits_2()
    {
        Skip.IfNot(HasCorpus, NoCorpus);
        var missing = Path.Combine(_dir, "no-such-labels.json");
        var (code, stdout, stderr) = Run("--labels", missing);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains($"policylsp eval: file not found: {missing}", stderr);
    }

    [Fact]
    public void A_missing_corpus_folder_or_a_bad_option_exits_2()
    {
        var (code, _, stderr) = Run("--corpus", Path.Combine(_dir, "no-corpus"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("corpus folder not found", stderr);
        Assert.Equal(ExitCodes.Usage, Run("--format", "sarif").Code);
        Assert.Equal(ExitCodes.Usage, Run("--labels").Code);
        Assert.Equal(ExitCodes.Usage, Run("extra").Code);
    }

    [Fact]
    public void The_change_pairs_are_scored_per_rule_or_a_missing_text_is_a_clear_error()
    {
        // An empty folder in place of the re-created texts: the first missing text is named, exit 2.
        var (code, stdout, stderr) = Run("--split", "changes", "--corpus", _dir);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("policylsp eval:", stderr, StringComparison.Ordinal);

        var texts = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "eval", "changes", "texts"));
        if (!Directory.Exists(texts))
        {
            return;
        }

        (code, stdout, _) = Run("--split", "changes", "--corpus", texts);
        Assert.Equal(ExitCodes.Clean, code);
        Assert.Contains("  PL301 ", stdout, StringComparison.Ordinal);
        Assert.Contains("Each version compared with itself: 0 changes", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_test_and_gate_splits_are_scored_alone_with_their_labels_hash_or_say_how_to_get_their_texts()
    {
        var texts = Path.Combine(_dir, "texts");
        var labels = Path.Combine(_dir, "labels.json");
        File.WriteAllText(labels, """
            { "documents": [ { "file": "acme/privacy.md", "words": 12, "clauses": [ { "line": 3, "family": "ai", "covered": [], "plain": false }, { "line": 1, "family": "optin", "covered": [], "plain": false } ] } ] }
            """);

        var (code, _, stderr) = Run("--split", "test", "--labels", labels, "--external", Path.Combine(_dir, "absent"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("bash scripts/external-corpus.sh", stderr, StringComparison.Ordinal);

        Directory.CreateDirectory(Path.Combine(texts, "acme"));
        File.WriteAllText(Path.Combine(texts, "acme", "privacy.md"), "# Privacy\n\nWe may use your posts to train our AI models.\n");
        var (ok, stdout, _) = Run("--split", "test", "--labels", labels, "--external", texts);
        Assert.Equal(ExitCodes.Clean, ok);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(labels)));
        Assert.Contains($"Test split (labels sha256 {hash})", stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  ai \(PL1xx\) +1\.00 +1\.00 +1\.00 +1 +0 +0", stdout);
        Assert.DoesNotContain("Clause set:", stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, Run("--split", "train").Code);

        // The gate split is scored the same way, under its own name.
        (ok, stdout, _) = Run("--split", "gate", "--labels", labels, "--external", texts);
        Assert.Equal(ExitCodes.Clean, ok);
        Assert.Contains($"Gate split (labels sha256 {hash})", stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  ai \(PL1xx\) +1\.00 +1\.00 +1\.00 +1 +0 +0", stdout);
        // Held out: its misses are counted by cause, never placed or quoted (the test split lists them by place).
        Assert.Contains("miss optin: ", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("acme/privacy.md:1", stdout, StringComparison.Ordinal);
        Assert.Contains("acme/privacy.md:1", Run("--split", "test", "--labels", labels, "--external", texts).Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("acme/privacy.md:1", Run("--split", "gate", "--labels", labels, "--external", texts, "--format", "json").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejections_count_each_classifier_step_against_the_labels_on_dev_documents_only()
    {
        var texts = Path.Combine(_dir, "texts");
        var labels = Path.Combine(_dir, "labels.json");
        var clauses = Path.Combine(_dir, "clauses.json");
        var noExternal = Path.Combine(_dir, "no-external");
        Directory.CreateDirectory(Path.Combine(texts, "acme"));
        // Line 3 is a negation the label agrees with; line 5 a consent-first clause the label calls a default; line 7 is
        // found (its second sentence is a clause), while its first sentence is turned down as consent-first.
        File.WriteAllText(Path.Combine(texts, "acme", "privacy.md"),
            "# Privacy\n\nWe do not use your posts to train our AI models.\n\nWith your consent, we use your voice clips to train our speech models.\n\n"
            + "With your consent, we train our speech models on your voice clips. We also use your posts to train our AI models.\n\n"
            + "We may use your photos to train our vision models.\n");
        File.WriteAllText(labels, """
            { "documents": [ { "file": "acme/privacy.md", "words": 40, "clauses": [ { "line": 5, "family": "ai", "covered": [], "plain": false }, { "line": 7, "family": "ai", "covered": [], "plain": false } ] } ] }
            """);
        File.WriteAllText(clauses, """{ "clauses": [] }""");

        var (code, stdout, stderr) = Run("--labels", labels, "--corpus", texts, "--clauses", clauses, "--external", noExternal, "--rejections");
        Assert.True(code == ExitCodes.Clean, stderr);
        Assert.Contains("lines where a step of the classifier turned down a sentence with a family's words", stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  ai +0 +1 +0  read as negated$", stdout);
        Assert.Matches(@"(?m)^  ai +1 +0 +1  consent is asked first$", stdout);

        // The clauses found, by what made each one a clause: line 7 is a hit, line 9 a false alarm (it has no label).
        Assert.Contains("clauses found, by the vocabulary that made each a clause", stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  ai +1 +1  0\.50  triggered by ai\.strongVerbs$", stdout);

        // Refused before anything is read: the test split is scored, never tuned on (made-up paths, so a regression
        // could not read the real split either).
        foreach (var split in new[] { "test", "gate", "changes" })
        {
            (code, stdout, stderr) = Run("--split", split, "--labels", labels, "--external", noExternal, "--corpus", noExternal, "--rejections");
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Equal(string.Empty, stdout);
            Assert.Contains("--rejections reads the dev documents only", stderr, StringComparison.Ordinal);
        }
    }

    /// <summary>The real corpus that eval scores by default: $POLICYLSP_CORPUS, else ../shared/corpus/real above the tests.</summary>
    private static string? Corpus
    {
        get
        {
            if (Environment.GetEnvironmentVariable("POLICYLSP_CORPUS") is { Length: > 0 } env)
            {
                return Directory.Exists(env) ? env : null;
            }

            for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (Directory.Exists(Path.Combine(dir, "..", "shared", "corpus", "real")))
                {
                    return Path.Combine(dir, "..", "shared", "corpus", "real");
                }
            }

            return null;
        }
    }

    private static bool HasCorpus => Corpus is not null;

    private static string NoCorpus => "the real corpus is not beside the checkout (set POLICYLSP_CORPUS or put ../shared there)";

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = EvalCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
