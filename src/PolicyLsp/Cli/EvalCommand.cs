using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using PolicyLsp.Analysis.Evaluation;

namespace PolicyLsp.Cli;

/// <summary><c>policylsp eval</c>: detection quality against the labels in eval/ — a report, so it exits 0 whatever the numbers.</summary>
public static class EvalCommand
{
    /// <param name="Split">"dev" (the clause set, our corpus and the external dev documents: what we tune on), "test" (the
    /// frozen external test split, labelled before the engine ever ran on it), "gate" (held-out documents from other
    /// repositories that check a change before the test split runs) or "changes".</param>
    /// <param name="Rejections">Also count, per step of the classifier, the lines it turned a sentence down on, by what the
    /// line is (dev documents only: reading the test split that way would be tuning on it).</param>
    public sealed record Options(string? Corpus, string? Labels, string? Clauses, string Format, string Split = "dev", string? External = null, bool Rejections = false);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter<MismatchKind>(JsonNamingPolicy.CamelCase) },
        TypeInfoResolver = EvalJsonContext.Default,
    };

    /// <summary>The report's sources (only those given are written).</summary>
    internal sealed record Sources(string? Clauses = null, string? Labels = null, string? Corpus = null, string? Pairs = null, string? Texts = null);

    /// <summary>The dev split's JSON report.</summary>
    internal sealed record DevReport(int Version, string Tool, Sources Sources, string Split, ClauseSetResult ClauseSet, CorpusResult Corpus, CorpusResult? ExternalDev);

    /// <summary>The test split's JSON report.</summary>
    internal sealed record TestReport(int Version, string Tool, string Split, string LabelsSha256, Sources Sources, CorpusResult Corpus);

    /// <summary>The material-change pairs' JSON report.</summary>
    internal sealed record ChangesReport(int Version, string Tool, string Split, Sources Sources, ChangePairsResult Changes);

    private static string Serialize<T>(T report) => JsonSerializer.Serialize(report, (JsonTypeInfo<T>)JsonOptions.GetTypeInfo(typeof(T)));

    /// <summary>Runs <c>policylsp eval ARGS</c>.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => CommandTree.Invoke(["eval", .. args], stdout, stderr);

    /// <summary><c>eval</c>'s options; its action runs <see cref="Run(Options, TextWriter, TextWriter)"/>.</summary>
    internal static Command Create()
    {
        static Func<string, string?> Needs(string name, string what) => value => value.Length == 0 ? $"{name} needs a {what}" : null;
        var split = CommandTree.SingleValue("--split", [], "dev|test|gate|changes", "dev: the clause set, our corpus and the external dev documents (what we tune on); test: the frozen external test split alone; gate: the held-out documents from other repositories that check a change before the test split runs; changes: the material-change rules (PL3xx) on real consecutive versions (default: dev)", value =>
            value is "dev" or "test" or "gate" or "changes" ? null : $"--split must be dev, test, gate or changes (got \"{value}\")");
        var clauses = CommandTree.SingleValue("--clauses", [], "FILE", "the clause set (default: eval/clauses.json above the current directory)", Needs("--clauses", "file"));
        var labels = CommandTree.SingleValue("--labels", [], "FILE", "the corpus labels (default: eval/corpus-labels.json above the current directory)", Needs("--labels", "file"));
        var corpus = CommandTree.SingleValue("--corpus", [], "DIR", "the labelled policies (default: $POLICYLSP_CORPUS, else ../shared/corpus/real beside the repository)", Needs("--corpus", "folder"));
        var external = CommandTree.SingleValue("--external", [], "DIR", "the re-created external documents (default: $POLICYLSP_EXTERNAL_CORPUS, else eval/external/texts)", Needs("--external", "folder"));
        var format = CommandTree.SingleValue("--format", ["-f"], "text|json", "output format (default: text)", value =>
            value is "text" or "json" ? null : $"--format must be text or json (got \"{value}\")");
        var rejections = new Option<bool>("--rejections")
        {
            Description = "also count, per step of the classifier, the lines it turned a sentence down on: labelled clauses missed, lines the labels leave out, lines already found; and the clauses found by the vocabulary that made each a clause, hits against false alarms (dev documents only)",
        };
        rejections.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<bool>() && result.Parent?.GetValue(split) is "test" or "gate" or "changes")
            {
                result.AddError("--rejections reads the dev documents only (not --split test or gate, which are scored, never tuned on, nor --split changes)");
            }
        });
        var command = new Command("eval", "detection quality against the labels in eval/ (precision, recall, misses); exits 0 whatever the numbers, 2 if a file is missing")
        {
            split, clauses, labels, corpus, external, format, rejections,
        };
        command.SetAction(result => Run(
            new Options(result.GetValue(corpus), result.GetValue(labels), result.GetValue(clauses), result.GetValue(format) ?? "text", result.GetValue(split) ?? "dev", result.GetValue(external), result.GetValue(rejections)),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(Options options, TextWriter stdout, TextWriter stderr)
    {
        if (options.Split is "test" or "gate")
        {
            return RunHeldOut(options, stdout, stderr);
        }

        if (options.Split == "changes")
        {
            return RunChanges(options, stdout, stderr);
        }

        var clausesPath = options.Clauses ?? FindUp(Path.Combine("eval", "clauses.json"));
        var labelsPath = options.Labels ?? FindUp(Path.Combine("eval", "corpus-labels.json"));
        var corpus = Located(options.Corpus, "POLICYLSP_CORPUS", Path.Combine("..", "shared", "corpus", "real"));
        if (clausesPath is null || labelsPath is null || corpus is null)
        {
            var what = clausesPath is null ? "eval/clauses.json (give --clauses FILE)"
                : labelsPath is null ? "eval/corpus-labels.json (give --labels FILE)"
                : "../shared/corpus/real (give --corpus DIR)";
            stderr.WriteLine($"policylsp eval: cannot find {what} above the current directory or the policylsp binary");
            return ExitCodes.Usage;
        }

        if (!TryEvaluate(() => ClauseSetEvaluator.Evaluate(ClauseSet.Load(clausesPath)), stderr, "", out var clauseSet)
            || !TryEvaluate(() => CorpusEvaluator.Evaluate(CorpusLabels.Load(labelsPath), corpus, options.Rejections), stderr, "", out var corpusResult))
        {
            return ExitCodes.Usage;
        }

        if (corpusResult.UnlabelledFiles.Count > 0)
        {
            stderr.WriteLine($"policylsp eval: not labelled, not scored: {string.Join(", ", corpusResult.UnlabelledFiles)}");
        }

        // The external dev documents, when their texts have been re-created (scripts/external-corpus.sh).
        CorpusResult? externalDev = null;
        var devLabels = FindUp(Path.Combine("eval", "external", "dev-labels.json"));
        var external = ExternalCorpus(options);
        if (devLabels is not null && external is not null)
        {
            TryEvaluate(() => CorpusEvaluator.Evaluate(CorpusLabels.Load(devLabels), external, options.Rejections), stderr, "external dev documents skipped: ", out externalDev);
        }
        else if (devLabels is not null)
        {
            stderr.WriteLine("policylsp eval: external dev documents skipped: their texts are not re-created (bash scripts/external-corpus.sh)");
        }

        if (options.Format == "json")
        {
            stdout.WriteLine(Serialize(new DevReport(
                1,
                Usage.Tool,
                new Sources(Clauses: CheckCommand.Display(clausesPath), Labels: CheckCommand.Display(labelsPath), Corpus: CheckCommand.Display(corpus)),
                "dev",
                clauseSet,
                corpusResult,
                externalDev)));
        }
        else
        {
            WriteText(stdout, clauseSet, corpusResult, CheckCommand.Display(clausesPath), CheckCommand.Display(labelsPath), CheckCommand.Display(corpus));
            if (externalDev is not null)
            {
                stdout.WriteLine();
                WriteCorpus(stdout, "External dev documents", externalDev, CheckCommand.Display(devLabels!), CheckCommand.Display(external!));
            }
        }

        return ExitCodes.Clean;
    }

    /// <summary>
    /// A held-out split, alone: the frozen test split (external test labels) or the gate split (documents from other
    /// repositories, scored to check a change before the test split is run), over the re-created texts.
    /// </summary>
    private static int RunHeldOut(Options options, TextWriter stdout, TextWriter stderr)
    {
        var name = options.Split;
        var labelsPath = options.Labels ?? FindUp(Path.Combine("eval", "external", $"{name}-labels.json"));
        var corpus = options.Corpus ?? ExternalCorpus(options);
        if (labelsPath is null || corpus is null)
        {
            stderr.WriteLine(labelsPath is null
                ? $"policylsp eval: cannot find eval/external/{name}-labels.json (give --labels FILE)"
                : $"policylsp eval: the {name} split's texts are not re-created: run bash scripts/external-corpus.sh (or give --external DIR)");
            return ExitCodes.Usage;
        }

        if (!TryEvaluate(() => CorpusEvaluator.Evaluate(CorpusLabels.Load(labelsPath), corpus), stderr, "", out var result))
        {
            return ExitCodes.Usage;
        }

        // The gate split checks a change before the test split runs: its counts by cause are reported, never which
        // sentence (reading them would be tuning on it).
        var listed = name == "test";
        if (!listed)
        {
            result = Unlocated(result);
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(labelsPath)));
        if (options.Format == "json")
        {
            stdout.WriteLine(Serialize(new TestReport(1, Usage.Tool, name, hash, new Sources(Labels: CheckCommand.Display(labelsPath), Corpus: CheckCommand.Display(corpus)), result)));
        }
        else
        {
            var title = name == "test" ? "Test split" : "Gate split";
            stdout.WriteLine($"{title} (labels sha256 {hash})");
            WriteCorpus(stdout, title, result, CheckCommand.Display(labelsPath), CheckCommand.Display(corpus), listed);
        }

        return ExitCodes.Clean;
    }

    /// <summary>The result with every mismatch's place and sentence taken out; kinds, families and causes stay.</summary>
    private static CorpusResult Unlocated(CorpusResult result)
    {
        static IReadOnlyList<Mismatch> Strip(IReadOnlyList<Mismatch> items) => items.Select(m => m with { Where = "", Excerpt = "" }).ToList();
        return result with
        {
            Mismatches = Strip(result.Mismatches),
            Disagreements = Strip(result.Disagreements),
            CleanDocuments = result.CleanDocuments with { Findings = Strip(result.CleanDocuments.Findings) },
        };
    }

    /// <summary>The material-change rules on real consecutive versions: eval/changes/pairs.json over the texts re-created by scripts/change-pairs.sh.</summary>
    private static int RunChanges(Options options, TextWriter stdout, TextWriter stderr)
    {
        var pairs = options.Labels ?? FindUp(Path.Combine("eval", "changes", "pairs.json"));
        var texts = options.Corpus ?? Located(null, "POLICYLSP_CHANGE_PAIRS", Path.Combine("eval", "changes", "texts"));
        if (pairs is null || texts is null || !Directory.Exists(texts))
        {
            stderr.WriteLine(pairs is null
                ? "policylsp eval: cannot find eval/changes/pairs.json (give --labels FILE)"
                : "policylsp eval: the version pairs' texts are not re-created: run bash scripts/change-pairs.sh (or give --corpus DIR)");
            return ExitCodes.Usage;
        }

        if (!TryEvaluate(() => ChangePairsEvaluator.Evaluate(pairs, texts), stderr, "", out var result))
        {
            return ExitCodes.Usage;
        }

        if (options.Format == "json")
        {
            stdout.WriteLine(Serialize(new ChangesReport(1, Usage.Tool, "changes", new Sources(Pairs: CheckCommand.Display(pairs), Texts: CheckCommand.Display(texts)), result)));
            return ExitCodes.Clean;
        }

        stdout.WriteLine($"Material changes: {result.Pairs} version pairs of {result.Services} services, {result.Labels} labelled changes ({CheckCommand.Display(pairs)} on {CheckCommand.Display(texts)})");
        WriteHeader(stdout, "rule");
        foreach (var rule in result.Rules)
        {
            WriteScore(stdout, rule.Rule, rule.Score);
        }

        WriteScore(stdout, "all", result.Overall);
        stdout.WriteLine();
        stdout.WriteLine($"Each version compared with itself: {result.SelfDiffChanges.Count} changes in {result.SelfDiffDocuments} documents");
        WriteList(stdout, "Material-change misses and false alarms", result.Mismatches);
        if (result.SelfDiffChanges.Count > 0)
        {
            WriteList(stdout, "Changes found comparing a version with itself", result.SelfDiffChanges);
        }

        return ExitCodes.Clean;
    }

    /// <summary>Where the external documents were re-created: --external, $POLICYLSP_EXTERNAL_CORPUS, else eval/external/texts.</summary>
    private static string? ExternalCorpus(Options options)
    {
        var dir = Located(options.External, "POLICYLSP_EXTERNAL_CORPUS", Path.Combine("eval", "external", "texts"));
        return dir is not null && Directory.Exists(dir) ? dir : null;
    }

    /// <summary>A data location: the option given, else the environment variable, else <paramref name="relative"/> found upwards.</summary>
    private static string? Located(string? option, string variable, string relative) =>
        option ?? (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } env ? env : FindUp(relative));

    /// <summary>Runs an evaluation; a missing or broken data file is reported (after <paramref name="prefix"/>) instead of thrown.</summary>
    private static bool TryEvaluate<T>(Func<T> evaluate, TextWriter stderr, string prefix, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? result)
        where T : class
    {
        try
        {
            result = evaluate();
            return true;
        }
        catch (EvaluationDataException e)
        {
            stderr.WriteLine($"policylsp eval: {prefix}{e.Message}");
            result = null;
            return false;
        }
    }

    private static void WriteCorpus(TextWriter o, string title, CorpusResult corpus, string labelsPath, string corpusPath, bool listed = true)
    {
        o.WriteLine($"{title} clause detection: {corpus.LabelledClauses} labelled clauses in {corpus.Documents} documents ({labelsPath} on {corpusPath})");
        WriteHeader(o, "family");
        foreach (var family in corpus.Families)
        {
            WriteScore(o, EvaluationFamilies.Display(family.Family), family.Score);
        }

        WriteScore(o, "all", corpus.Overall);
        o.WriteLine();
        o.WriteLine($"{title} judgements on detected clauses (a finding is the positive: the label says the clause lacks it)");
        WriteHeader(o, "rule");
        foreach (var rule in corpus.Agreement)
        {
            WriteScore(o, $"{rule.Rule} {rule.Judgement}", rule.Score);
        }

        o.WriteLine();
        var clean = corpus.CleanDocuments;
        o.WriteLine($"False findings on documents labelled clause-free: {clean.Findings.Count} in {clean.Words:N0} words ({clean.Documents} documents) = {clean.FalseFindingsPer10KWords:0.00} per 10,000 words");
        WriteByCause(o, $"{title} misses and false alarms", corpus.Mismatches, listed);
        if (listed)
        {
            WriteList(o, "Judgements that disagree with the labels", corpus.Disagreements);
            WriteList(o, "Findings on clause-free documents", clean.Findings);
        }
        else
        {
            o.WriteLine();
            o.WriteLine($"Judgements that disagree with the labels: {corpus.Disagreements.Count}; findings on clause-free documents: {clean.Findings.Count} (held out: not listed)");
        }
        if (corpus.Rejections is { } rejections)
        {
            WriteAudit(o, $"{title}: lines where a step of the classifier turned down a sentence with a family's words (missed: a labelled clause the engine misses; unlabelled; found: the line is found anyway)",
                $"  {"family",-6} {"missed",6} {"unlabelled",10} {"found",5}  step",
                rejections.Select(r => $"  {r.Family,-6} {r.Missed,6} {r.Unlabelled,10} {r.Found,5}  {r.Reason}"));
        }

        if (corpus.Triggers is { } triggers)
        {
            WriteAudit(o, $"{title}: clauses found, by the vocabulary that made each a clause (hits on a labelled line, false alarms)",
                $"  {"family",-6} {"hits",5} {"false",5} {"P",5}  trigger",
                triggers.Select(t => $"  {t.Family,-6} {t.Hits,5} {t.FalseAlarms,5} {(double)t.Hits / Math.Max(1, t.Hits + t.FalseAlarms),5:0.00}  {t.Trigger}"));
        }
    }

    /// <summary>One of the --rejections audits: a heading, a column line and a line per row.</summary>
    private static void WriteAudit(TextWriter o, string heading, string columns, IEnumerable<string> rows)
    {
        o.WriteLine();
        o.WriteLine(heading);
        o.WriteLine(columns);
        foreach (var row in rows)
        {
            o.WriteLine(row);
        }
    }

    /// <summary>Misses and false alarms grouped by family, kind and cause, largest group first.</summary>
    private static void WriteByCause(TextWriter o, string title, IReadOnlyList<Mismatch> items, bool listed = true)
    {
        o.WriteLine();
        o.WriteLine($"{title}: {items.Count}{(listed ? "" : " (held out: counted by cause, not listed)")}");
        foreach (var group in items
            .GroupBy(m => $"{(m.Kind == MismatchKind.Miss ? "miss" : "false alarm")} {m.Subject}: {m.Cause ?? "unknown"}")
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            o.WriteLine($"  {group.Key} ({group.Count()})");
            foreach (var item in listed ? group : Enumerable.Empty<Mismatch>())
            {
                o.WriteLine($"    {item.Where}: {item.Excerpt}");
            }
        }
    }

    internal static void WriteText(TextWriter o, ClauseSetResult clauseSet, CorpusResult corpus, string clausesPath, string labelsPath, string corpusPath)
    {
        o.WriteLine($"Clause set: {clauseSet.Clauses} clauses ({clausesPath})");
        WriteHeader(o, "family");
        foreach (var family in clauseSet.Families)
        {
            WriteScore(o, EvaluationFamilies.Display(family.Family), family.Score);
        }

        WriteList(o, "Clause-set misses and false alarms", clauseSet.Mismatches);
        o.WriteLine();
        WriteCorpus(o, "Corpus", corpus, labelsPath, corpusPath);
    }

    private static void WriteHeader(TextWriter o, string first) =>
        o.WriteLine($"  {first,-26} {"precision",9} {"recall",7} {"F1",6} {"tp",5} {"fp",4} {"fn",4}");

    private static void WriteScore(TextWriter o, string name, Score s) =>
        o.WriteLine($"  {name,-26} {s.Precision,9:0.00} {s.Recall,7:0.00} {s.F1,6:0.00} {s.TruePositives,5} {s.FalsePositives,4} {s.FalseNegatives,4}");

    private static void WriteList(TextWriter o, string title, IReadOnlyList<Mismatch> items)
    {
        o.WriteLine();
        o.WriteLine($"{title}: {items.Count}");
        foreach (var item in items)
        {
            o.WriteLine($"  {item}");
        }
    }

    /// <summary>The first ancestor of the current directory, then of the binary, under which <paramref name="relative"/> exists.</summary>
    private static string? FindUp(string relative)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = Path.GetFullPath(start); dir is not null; dir = Path.GetDirectoryName(dir))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir, relative));
                if (File.Exists(candidate) || Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}

/// <summary>Compile-time JSON metadata for <c>eval</c>'s reports (settings as <see cref="EvalCommand"/>'s options).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EvalCommand.DevReport))]
[JsonSerializable(typeof(EvalCommand.TestReport))]
[JsonSerializable(typeof(EvalCommand.ChangesReport))]
internal sealed partial class EvalJsonContext : JsonSerializerContext;
