using System.CommandLine;
using PolicyLsp.Analysis;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Rules;
using PolicyLsp.Analysis.Text;
using PolicyLsp.Analysis.Workspace;

namespace PolicyLsp.Cli;

/// <summary>
/// <c>policylsp diff OLD NEW</c>: the material changes (PL3xx) the new version of a policy makes, as text, JSON, SARIF
/// or a Markdown pull-request comment. Exit 0 when there is none, 1 when there are some, 2 on a usage or input error.
/// </summary>
public static class DiffCommand
{
    /// <summary>The rules of the material-change family (tagged so by their descriptors): what <c>diff</c> reports.</summary>
    internal static bool IsMaterialChange(Finding finding) => finding.Rule.Tags.Contains(RuleDescriptor.MaterialChangeTag);

    internal sealed record Options(string Old, string New, string Format, string? Output, string? ConfigPath);

    internal static Command Create()
    {
        var old = new Argument<string>("OLD") { Description = "the earlier version of the policy" };
        var current = new Argument<string>("NEW") { Description = "the new version" };
        var format = CommandTree.SingleValue("--format", ["-f"], "text|json|sarif|markdown", "output format (default: text); markdown is a pull-request comment", value =>
            value is "text" or "json" or "sarif" or "markdown" ? null : $"--format must be text, json, sarif or markdown (got \"{value}\")");
        var output = CommandTree.SingleValue("--output", ["-o"], "FILE", "write the report to FILE instead of stdout (never over OLD or NEW)", value =>
            value.Length == 0 ? "--output needs a file name" : null);
        var config = CommandTree.SingleValue("--config", ["-c"], "FILE", "use this config instead of the nearest .policylsp.json (of NEW)", value =>
            value.Length == 0 ? "--config needs a file name" : null);
        var command = new Command("diff", "report the material changes (PL3xx) NEW makes to OLD: new AI training, new defaults, narrowed carve-outs, lost disclosures, unchanged dates")
        {
            old, current, format, output, config,
        };
        command.SetAction(result => Run(
            new Options(result.GetValue(old)!, result.GetValue(current)!, result.GetValue(format) ?? "text", result.GetValue(output), result.GetValue(config)),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(Options options, TextWriter stdout, TextWriter stderr)
    {
        var problems = new List<AnalysisProblem>();
        if (options.ConfigPath is not null && !File.Exists(options.ConfigPath))
        {
            stderr.WriteLine(CheckCommand.Escape($"policylsp diff: config file not found: {options.ConfigPath}"));
            return ExitCodes.Usage;
        }

        var explicitConfig = options.ConfigPath is null ? null : ConfigReader.LoadFile(options.ConfigPath, PolicyConfig.Default, problems);
        var workspace = CheckCommand.Workspace(explicitConfig, [], out var configProblems);
        var config = workspace.ConfigFor(options.New);
        problems.AddRange(configProblems);
        foreach (var problem in problems)
        {
            stderr.WriteLine(CheckCommand.Escape($"{problem.File ?? "config"}:{problem.Line ?? 1}: error: {problem.Message}"));
        }

        if (!workspace.Files.TryRead(options.Old, out var oldText, out var oldError)
            | !workspace.Files.TryRead(options.New, out var newText, out var newError))
        {
            foreach (var (path, error) in new[] { (options.Old, oldError), (options.New, newError) }.Where(e => e.Item2 is not null))
            {
                stderr.WriteLine(CheckCommand.Escape($"{path}: error: {error}"));
            }

            return ExitCodes.Usage;
        }

        if (options.Output is not null && ReportFile.Refuse(options.Output, [options.Old, options.New]) is { } refusal)
        {
            stderr.WriteLine($"policylsp diff: {CheckCommand.Escape(refusal)}");
            return ExitCodes.Usage;
        }

        var oldPath = CheckCommand.Display(options.Old);
        var newPath = CheckCommand.Display(options.New);
        var earlier = new PreviousVersion(PolicyAnalyzer.Analyze(oldText, config), oldPath, oldPath);
        var analysed = workspace.Analyze(options.New, newText, earlier, config).Result;
        var changes = analysed with { Findings = [.. analysed.Findings.Where(IsMaterialChange)], OmittedFindings = 0 };
        var reports = new List<CheckCommand.FileReport> { new(newPath, changes, null) };

        Action<TextWriter>? markdown = options.Format == "markdown"
            ? writer => MarkdownChangeReport.Write(writer, oldPath, newPath, earlier.Result, changes)
            : null;
        if (ReportFile.WriteReport(options.Output, stdout, options.Format, reports, problems, Severity.Hint, markdown) is { } writeError)
        {
            stderr.WriteLine($"policylsp diff: {CheckCommand.Escape(writeError)}");
            return ExitCodes.Usage;
        }

        foreach (var problem in analysed.Problems.Concat(earlier.Result.Problems))
        {
            stderr.WriteLine(CheckCommand.Escape($"{newPath}:{problem.Line ?? 1}: error: {problem.Message}"));
        }

        if (options.Format == "text")
        {
            stderr.WriteLine(changes.Findings.Count == 1 ? "1 material change" : $"{changes.Findings.Count} material changes");
        }

        return problems.Count > 0 ? ExitCodes.Usage : changes.Findings.Count > 0 ? ExitCodes.Findings : ExitCodes.Clean;
    }
}
