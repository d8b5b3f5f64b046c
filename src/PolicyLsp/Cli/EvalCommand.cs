using System.Text.Json;
using System.Text.Json.Serialization;
using PolicyLsp.Analysis.Evaluation;

namespace PolicyLsp.Cli;

/// <summary><c>policylsp eval</c>: detection quality against the labels in eval/ — a report, so it exits 0 whatever the numbers.</summary>
public static class EvalCommand
{
    public sealed record Options(string? Corpus, string? Labels, string? Clauses, string Format);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (!TryParse(args, stderr, out var options))
        {
            return ExitCodes.Usage;
        }

        var clausesPath = options.Clauses ?? FindUp(Path.Combine("eval", "clauses.json"));
        var labelsPath = options.Labels ?? FindUp(Path.Combine("eval", "corpus-labels.json"));
        var corpus = options.Corpus ?? FindUp(Path.Combine("..", "shared", "corpus", "real"));
        if (clausesPath is null || labelsPath is null || corpus is null)
        {
            var what = clausesPath is null ? "eval/clauses.json (give --clauses FILE)"
                : labelsPath is null ? "eval/corpus-labels.json (give --labels FILE)"
                : "../shared/corpus/real (give --corpus DIR)";
            stderr.WriteLine($"policylsp eval: cannot find {what} above the current directory or the policylsp binary");
            return ExitCodes.Usage;
        }

        ClauseSetResult clauseSet;
        CorpusResult corpusResult;
        try
        {
            clauseSet = ClauseSetEvaluator.Evaluate(ClauseSet.Load(clausesPath));
            corpusResult = CorpusEvaluator.Evaluate(CorpusLabels.Load(labelsPath), corpus);
        }
        catch (EvaluationDataException e)
        {
            stderr.WriteLine($"policylsp eval: {e.Message}");
            return ExitCodes.Usage;
        }

        if (corpusResult.UnlabelledFiles.Count > 0)
        {
            stderr.WriteLine($"policylsp eval: not labelled, not scored: {string.Join(", ", corpusResult.UnlabelledFiles)}");
        }

        if (options.Format == "json")
        {
            stdout.WriteLine(JsonSerializer.Serialize(
                new
                {
                    version = 1,
                    tool = $"policylsp {Usage.Version}",
                    sources = new { clauses = CheckCommand.Display(clausesPath), labels = CheckCommand.Display(labelsPath), corpus = CheckCommand.Display(corpus) },
                    clauseSet,
                    corpus = corpusResult,
                },
                JsonOptions));
        }
        else
        {
            WriteText(stdout, clauseSet, corpusResult, CheckCommand.Display(clausesPath), CheckCommand.Display(labelsPath), CheckCommand.Display(corpus));
        }

        return ExitCodes.Clean;
    }

    internal static void WriteText(TextWriter o, ClauseSetResult clauseSet, CorpusResult corpus, string clausesPath, string labelsPath, string corpusPath)
    {
        o.WriteLine($"Clause set: {clauseSet.Clauses} clauses ({clausesPath})");
        WriteHeader(o, "family");
        foreach (var family in clauseSet.Families)
        {
            WriteScore(o, EvaluationFamilies.Display(family.Family), family.Score);
        }

        o.WriteLine();
        o.WriteLine($"Corpus clause detection: {corpus.LabelledClauses} labelled clauses in {corpus.Documents} documents ({labelsPath} on {corpusPath})");
        WriteHeader(o, "family");
        foreach (var family in corpus.Families)
        {
            WriteScore(o, EvaluationFamilies.Display(family.Family), family.Score);
        }

        WriteScore(o, "all", corpus.Overall);
        o.WriteLine();
        o.WriteLine("Corpus judgements on detected clauses (a finding is the positive: the label says the clause lacks it)");
        WriteHeader(o, "rule");
        foreach (var rule in corpus.Agreement)
        {
            WriteScore(o, $"{rule.Rule} {rule.Judgement}", rule.Score);
        }

        o.WriteLine();
        var clean = corpus.CleanDocuments;
        o.WriteLine($"False findings on documents labelled clause-free: {clean.Findings.Count} in {clean.Words:N0} words ({clean.Documents} documents) = {clean.FalseFindingsPer10KWords:0.00} per 10,000 words");
        WriteList(o, "Clause-set misses and false alarms", clauseSet.Mismatches);
        WriteList(o, "Corpus misses and false alarms", corpus.Mismatches);
        WriteList(o, "Judgements that disagree with the labels", corpus.Disagreements);
        WriteList(o, "Findings on clause-free documents", clean.Findings);
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

    internal static bool TryParse(string[] args, TextWriter stderr, out Options options)
    {
        options = new Options(null, null, null, "text");
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var eq = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=') : -1;
            var name = eq > 0 ? arg[..eq] : arg;
            string? Value() => eq > 0 ? arg[(eq + 1)..] : i + 1 < args.Length ? args[++i] : null;
            switch (name)
            {
                case "--corpus" or "--labels" or "--clauses":
                    var value = Value();
                    if (string.IsNullOrEmpty(value))
                    {
                        stderr.WriteLine($"policylsp eval: {name} needs a {(name == "--corpus" ? "folder" : "file")}");
                        return false;
                    }

                    options = name switch
                    {
                        "--corpus" => options with { Corpus = value },
                        "--labels" => options with { Labels = value },
                        _ => options with { Clauses = value },
                    };
                    break;
                case "--format" or "-f":
                    var format = Value();
                    if (format is not ("text" or "json"))
                    {
                        stderr.WriteLine($"policylsp eval: --format must be text or json (got \"{format}\")");
                        return false;
                    }

                    options = options with { Format = format };
                    break;
                case "-h" or "--help":
                    stderr.Write(Usage.Text);
                    return false;
                default:
                    stderr.WriteLine($"policylsp eval: unknown argument \"{arg}\"");
                    return false;
            }
        }

        return true;
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
