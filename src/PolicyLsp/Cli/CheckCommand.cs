using System.CommandLine;
using PolicyLsp.Analysis;
using PolicyLsp.Analysis.Changes;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Text;
using PolicyLsp.Analysis.Workspace;

namespace PolicyLsp.Cli;

/// <summary><c>policylsp check</c>: the engine over files, folders, globs or stdin, reported as text, JSON or SARIF.</summary>
public static class CheckCommand
{
    private const int MaxParallelFiles = 4;

    public sealed record Options(
        List<string> Paths,
        string Format,
        string? Output,
        string? ConfigPath,
        Severity MinSeverity,
        List<string> LinkRoots,
        string? Since = null,
        bool OnlyPolicyFiles = false);

    /// <summary>One checked input: its display path and result, or why it could not be checked.</summary>
    public sealed record FileReport(string Path, AnalysisResult? Result, string? Error);

    /// <summary>Runs <c>policylsp check ARGS</c>.</summary>
    public static Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr) =>
        CommandTree.InvokeAsync(["check", .. args], stdin, stdout, stderr);

    internal static async Task<int> RunAsync(Options options, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var problems = new List<AnalysisProblem>();
        PolicyConfig? explicitConfig = null;
        if (options.ConfigPath is not null)
        {
            if (!File.Exists(options.ConfigPath))
            {
                stderr.WriteLine($"policylsp: config file not found: {options.ConfigPath}");
                return ExitCodes.Usage;
            }

            explicitConfig = ConfigReader.LoadFile(options.ConfigPath, PolicyConfig.Default, problems);
        }

        var configs = new ConfigResolver(explicitConfig, problems.Add);
        var inputs = ExpandInputs(options.Paths, configs, options.OnlyPolicyFiles, stderr, out var missing);
        if (missing == InputError.Usage)
        {
            return ExitCodes.Usage;
        }

        if (options.Output is not null && ReportFile.Refuse(options.Output, inputs) is { } refusal)
        {
            stderr.WriteLine($"policylsp check: {Escape(refusal)}");
            return ExitCodes.Usage;
        }

        var linkRoots = LinkRoots(options, configs);
        var workspace = new PolicyWorkspace(configs, DiskFiles.Instance, () => linkRoots, locationOf: Display);

        // Settings are resolved in order (they record config problems); the files are then analysed in parallel
        // (a few at a time: a file may be tens of megabytes) and reported in input order.
        var jobs = new List<(string Input, PolicyConfig Config)>();
        foreach (var input in inputs)
        {
            jobs.Add((input, configs.For(input == "-" ? Path.Combine(Directory.GetCurrentDirectory(), "stdin.md") : input)));
        }

        if (options.Since is not null && inputs.Contains("-"))
        {
            stderr.WriteLine("policylsp check: --since compares files with their committed version; stdin (-) has none");
            return ExitCodes.Usage;
        }

        var stdinText = jobs.Any(j => j.Input == "-") ? await stdin.ReadToEndAsync() : null;
        var results = new FileReport[jobs.Count];
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(Environment.ProcessorCount, MaxParallelFiles) }, i =>
        {
            try
            {
                results[i] = Check(jobs[i].Input, jobs[i].Config);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A document the engine cannot read must not take the other files' reports with it.
                results[i] = new FileReport(NameOf(jobs[i].Input), null, $"the engine failed on this file ({ex.GetType().Name}); please report it");
            }
        });

        string NameOf(string input) => input == "-" ? "<stdin>" : Display(input);

        FileReport Check(string input, PolicyConfig config)
        {
            var name = NameOf(input);
            if (input == "-")
            {
                return new FileReport(name, PolicyAnalyzer.Analyze(stdinText!, config), null);
            }

            PreviousVersion? previous = null;
            if (options.Since is not null)
            {
                var committed = PolicyWorkspace.Committed(input, options.Since, config);
                if (committed.Previous is null)
                {
                    return new FileReport(name, null, $"--since {options.Since}: {committed.Error}");
                }

                previous = committed.Previous;
            }

            var analysis = workspace.AnalyzeFile(input, out var error, previous, config);
            return new FileReport(name, analysis?.Result, error);
        }

        var reports = results.ToList();

        if (ReportFile.WriteReport(options.Output, stdout, options.Format, reports, problems, options.MinSeverity) is { } writeError)
        {
            stderr.WriteLine($"policylsp check: {Escape(writeError)}");
            return ExitCodes.Usage;
        }

        foreach (var problem in problems.Distinct())
        {
            stderr.WriteLine(Escape($"{problem.File ?? "config"}:{problem.Line ?? 1}: error: {problem.Message}"));
        }

        foreach (var report in reports)
        {
            if (report.Error is not null)
            {
                stderr.WriteLine(Escape($"{report.Path}: error: {report.Error}"));
            }
            else
            {
                if (report.Result!.OmittedFindings > 0)
                {
                    stderr.WriteLine(Escape($"{report.Path}: warning: {OmittedMessage(report.Result)}"));
                }

                foreach (var problem in report.Result.Problems)
                {
                    var where = problem.File is null ? "" : $"{problem.File}: ";
                    stderr.WriteLine(Escape($"{report.Path}:{problem.Line ?? 1}: error: {where}{problem.Message}"));
                }
            }
        }

        var counted = reports.Where(r => r.Result is not null).Sum(r => r.Result!.Findings.Count(f => f.Severity >= options.MinSeverity));
        if (options.Format == "text")
        {
            var files = reports.Count(r => r.Result is not null);
            stderr.WriteLine($"{counted} finding{(counted == 1 ? "" : "s")} in {files} file{(files == 1 ? "" : "s")} checked");
        }

        if (missing != InputError.None || problems.Count > 0 || reports.Any(r => r.Error is not null || r.Result!.Problems.Count > 0))
        {
            return ExitCodes.Usage;
        }

        return counted > 0 ? ExitCodes.Findings : ExitCodes.Clean;
    }

    /// <summary><c>check</c>'s arguments and options; its action runs <see cref="RunAsync(Options, TextReader, TextWriter, TextWriter)"/>.</summary>
    internal static Command Create(TextReader stdin)
    {
        var paths = new Argument<string[]>("PATHS")
        {
            Arity = ArgumentArity.ZeroOrMore,
            Description = "files, folders (walked for policy files), globs, or - for stdin",
        };
        var format = CommandTree.SingleValue("--format", ["-f"], "text|json|sarif", "output format (default: text)", value =>
            value is "text" or "json" or "sarif" ? null : $"--format must be text, json or sarif (got \"{value}\")");
        var output = CommandTree.SingleValue("--output", ["-o"], "FILE", "write the report to FILE instead of stdout (never over a checked file)", value =>
            value.Length == 0 ? "--output needs a file name" : null);
        var linkRoots = new Option<string[]>("--link-root")
        {
            HelpName = "DIR",
            Description = "also follow links to Markdown files under DIR (by default links are followed only inside the folders checked and their config folder)",
            AllowMultipleArgumentsPerToken = false,
        };
        linkRoots.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.Length == 0 || !Directory.Exists(t.Value)))
            {
                result.AddError($"--link-root needs an existing folder (got \"{token.Value}\")");
            }
        });
        var config = CommandTree.SingleValue("--config", ["-c"], "FILE", "use this config instead of the nearest .policylsp.json", value =>
            value.Length == 0 ? "--config needs a file name" : null);
        var since = CommandTree.SingleValue("--since", [], "REF", "also compare each file with its version at the git revision REF and report material changes (PL3xx)", GitVersions.CheckRevision);
        var onlyPolicyFiles = new Option<bool>("--only-policy-files")
        {
            Description = "check a file named on the command line only when it is a policy (the policyFiles globs or front matter), as folders are walked; for hooks that pass every changed Markdown file",
        };
        var minSeverity = CommandTree.SingleValue("--min-severity", [], "LEVEL", "hint|info|warning|error: report and fail only at or above LEVEL (default: hint)", value =>
            SeverityNames.Parse(value) is null ? "--min-severity must be hint, info, warning or error" : null);

        var command = new Command("check", "check files, folders (walked for policy files) or stdin (-)")
        {
            paths, format, output, linkRoots, config, minSeverity, since, onlyPolicyFiles,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(paths) is not { Length: > 0 })
            {
                result.AddError("give at least one file, folder, glob or - for stdin");
            }
        });
        command.SetAction((result, _) => RunAsync(
            new Options(
                [.. result.GetValue(paths) ?? []],
                result.GetValue(format) ?? "text",
                result.GetValue(output),
                result.GetValue(config),
                SeverityNames.Parse(result.GetValue(minSeverity)) ?? Severity.Hint,
                [.. result.GetValue(linkRoots) ?? []],
                result.GetValue(since),
                result.GetValue(onlyPolicyFiles)),
            stdin,
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return command;
    }

    private enum InputError
    {
        None,
        Missing,
        Usage,
    }

    /// <summary>
    /// Files named explicitly are checked (with <paramref name="onlyPolicyFiles"/>, only those the policy-file rule
    /// accepts, judged from their config's folder or the working folder); folders and globs yield only policy files.
    /// </summary>
    private static List<string> ExpandInputs(List<string> paths, ConfigResolver configs, bool onlyPolicyFiles, TextWriter stderr, out InputError error)
    {
        error = InputError.None;
        var result = new List<string>();
        foreach (var path in paths)
        {
            if (path == "-" || File.Exists(path))
            {
                if (onlyPolicyFiles && path != "-")
                {
                    var relative = Path.GetRelativePath(configs.FolderFor(path) ?? Directory.GetCurrentDirectory(), Path.GetFullPath(path)).Replace('\\', '/');
                    if (!PolicyFiles.IsPolicy(relative, configs.For(path).PolicyFiles, () => DiskFiles.Instance.TryRead(path, out var t, out _) ? t : null))
                    {
                        continue;
                    }
                }

                result.Add(path);
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in PolicyFiles.MarkdownFilesUnder(path))
                {
                    var relative = Path.GetRelativePath(path, file);
                    if (PolicyFiles.IsPolicy(relative, configs.For(file).PolicyFiles, () => DiskFiles.Instance.TryRead(file, out var t, out _) ? t : null))
                    {
                        result.Add(file);
                    }
                }
            }
            else if (Glob.HasWildcards(path))
            {
                if (Glob.TryCreate(path, out var globError) is not { } glob)
                {
                    stderr.WriteLine($"policylsp check: {Escape(globError!)}");
                    error = InputError.Usage;
                    return [];
                }

                var root = GlobRoot(path);
                var matched = PolicyFiles.MarkdownFilesUnder(root)
                    .Where(f => glob.IsMatch(Path.GetRelativePath(".", f).Replace('\\', '/')))
                    .ToList();
                if (matched.Count == 0)
                {
                    stderr.WriteLine($"policylsp check: no files match {path}");
                }

                result.AddRange(matched);
            }
            else
            {
                stderr.WriteLine(Escape($"{path}: error: no such file or folder"));
                error = InputError.Missing;
            }
        }

        return result.Distinct().ToList();
    }

    /// <summary>"1,000 findings reported, 4,000 more not (maxFindingsPerDocument is 1000)".</summary>
    internal static string OmittedMessage(AnalysisResult result) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{result.Findings.Count:N0} findings reported, {result.OmittedFindings:N0} more not (maxFindingsPerDocument is {result.Config.MaxFindingsPerDocument})");

    /// <summary>
    /// Where links may lead: the folders given, the folder of each file given and of its config, the fixed part of each
    /// glob, the working folder for stdin, and every <c>--link-root</c>. Nothing else on the machine is read.
    /// </summary>
    private static List<string> LinkRoots(Options options, ConfigResolver configs)
    {
        var roots = new List<string>(options.LinkRoots);
        foreach (var path in options.Paths)
        {
            if (path == "-")
            {
                roots.Add(Directory.GetCurrentDirectory());
            }
            else if (Directory.Exists(path))
            {
                roots.Add(path);
            }
            else if (File.Exists(path))
            {
                roots.Add(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
                if (configs.FolderFor(path) is { } configRoot)
                {
                    roots.Add(configRoot);
                }
            }
            else if (Glob.HasWildcards(path))
            {
                roots.Add(GlobRoot(path));
            }
        }

        return roots.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
    }

    private static string GlobRoot(string pattern)
    {
        var parts = pattern.Replace('\\', '/').Split('/');
        var fixedParts = parts.TakeWhile(p => !Glob.HasWildcards(p)).ToList();
        var root = string.Join('/', fixedParts);
        return root.Length == 0 ? "." : Directory.Exists(root) ? root : ".";
    }

    /// <summary>A path as reports show it: relative to the working folder when inside it, with forward slashes.</summary>
    internal static string Display(string path)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return (relative.StartsWith("..", StringComparison.Ordinal) ? Path.GetFullPath(path) : relative).Replace('\\', '/');
    }

    /// <summary>
    /// A file name or message as one line of a terminal: control characters (newlines, ANSI escapes) in file names,
    /// which come from the checked tree, are shown escaped instead of moving the cursor or forging lines.
    /// </summary>
    internal static string Escape(string text)
    {
        if (!text.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'))
        {
            return text;
        }

        var sb = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                '\t' => sb.Append("\\t"),
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' => sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => sb.Append(c),
            };
        }

        return sb.ToString();
    }

    /// <summary>
    /// The workspace <c>explain</c> and <c>diff</c> look at one file through, as <c>check</c> on that file would: the
    /// given config, else the nearest <c>.policylsp.json</c>; links followed inside the <paramref name="linkRoots"/>,
    /// or when there are none the file's folder and its config's folder. Config problems are collected in
    /// <paramref name="problems"/>.
    /// </summary>
    internal static PolicyWorkspace Workspace(PolicyConfig? explicitConfig, IReadOnlyList<string> linkRoots, out List<AnalysisProblem> problems)
    {
        var found = new List<AnalysisProblem>();
        problems = found;
        return new PolicyWorkspace(new ConfigResolver(explicitConfig, found.Add), DiskFiles.Instance, () => linkRoots, locationOf: Display);
    }
}
