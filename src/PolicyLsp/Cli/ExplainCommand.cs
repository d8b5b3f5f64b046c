using System.CommandLine;
using PolicyLsp.Analysis.Workspace;

namespace PolicyLsp.Cli;

/// <summary><c>policylsp explain FILE LINE</c>: the sentences on a line, the vocabulary they matched and the clauses found.</summary>
public static class ExplainCommand
{
    /// <summary>Runs <c>policylsp explain ARGS</c>.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => CommandTree.Invoke(["explain", .. args], stdout, stderr);

    /// <summary><c>explain</c>'s arguments; its action runs <see cref="Run(string, int, TextWriter, TextWriter)"/>.</summary>
    internal static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "the policy" };
        var line = new Argument<int>("LINE")
        {
            Description = "a line number (from 1): the sentences that start on it are explained",
            CustomParser = result =>
            {
                var value = result.Tokens[0].Value;
                if (!int.TryParse(value, out var number) || number < 1)
                {
                    result.AddError($"LINE must be a line number from 1 (got \"{value}\")");
                }

                return number;
            },
        };
        var command = new Command("explain", "show what the engine matched in the sentences on LINE") { file, line };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(line), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(string path, int line, TextWriter stdout, TextWriter stderr)
    {
        // The same workspace as `check` on this file (its settings and link roots), so that both see the same clauses.
        var workspace = CheckCommand.Workspace(null, [], out var problems);
        var analysis = workspace.AnalyzeFile(path, out var error);
        foreach (var problem in problems)
        {
            stderr.WriteLine(CheckCommand.Escape($"{problem.File ?? "config"}:{problem.Line ?? 1}: error: {problem.Message}"));
        }

        if (analysis is null)
        {
            stderr.WriteLine(CheckCommand.Escape($"{path}: error: {error}"));
            return ExitCodes.Usage;
        }

        Write(stdout, Explanation.OfLine(analysis.Result, line));
        return ExitCodes.Clean;
    }

    /// <summary>The explanation of a line as <c>explain</c> prints it (the server's <c>policyLsp/explainLine</c> answers the same text).</summary>
    internal static void Write(TextWriter stdout, IReadOnlyList<SentenceExplanation> sentences)
    {
        foreach (var sentence in sentences)
        {
            stdout.WriteLine($"sentence ({sentence.Block}, section \"{sentence.Section}\"): {Shorten(sentence.Text)}");
            foreach (var (set, words) in sentence.Matches)
            {
                stdout.WriteLine($"  {set}: {string.Join(", ", words.Select(w => $"\"{w}\""))}");
            }

            foreach (var clause in sentence.Clauses)
            {
                stdout.WriteLine($"  => {clause.Family}; carve-out found: [{string.Join(", ", clause.CarveOutFound)}] missing: [{string.Join(", ", clause.CarveOutMissing)}]{(clause.OutOfScope ? " (out of scope)" : "")}");
                var where = clause.PlainLanguageLine is { } at ? $" at line {at}" : string.Empty;
                var grade = clause.Grade is { } g ? $", grade {g:0.0}" : string.Empty;
                stdout.WriteLine($"     plain language: {(clause.PlainLanguageFound ? "found" : "not found")}{where} (parts: {clause.Parts}{grade})");
            }

            foreach (var (family, reason) in sentence.NotClauses)
            {
                // "AI-training clause" keeps its capitals; "Default-opt-in clause" reads "a default-opt-in clause".
                var name = family.Length < 2 || char.IsUpper(family[1]) ? family : char.ToLowerInvariant(family[0]) + family[1..];
                stdout.WriteLine($"  => not {(name.Length > 0 && "aeiouAEIOU".Contains(name[0]) ? "an" : "a")} {name}: {reason}");
            }
        }
    }

    private static string Shorten(string text) => text.Length > 160 ? text[..160] + "…" : text;
}
