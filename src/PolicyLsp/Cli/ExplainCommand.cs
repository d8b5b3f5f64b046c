using System.CommandLine;
using PolicyLsp.Analysis;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Cli;

/// <summary><c>policylsp explain FILE LINE</c>: the sentences on a line, the vocabulary they matched and the clauses found.</summary>
public static class ExplainCommand
{
    private static readonly string[] Sets =
    [
        "ai.strongVerbs", "ai.weakVerbs", "ai.specificTerms", "ai.genericTerms", "ai.dataTerms", "ai.thirdPartyRules",
        "negation", "exception.optOut", "gate.consent", "default.protective", "optin.defaultOn", "optin.byDefault",
        "optin.optOut", "optin.optOutWeak", "optin.implied", "optin.dataUseTerms", "optin.firstParty", "optin.thirdPartyOptOut",
    ];

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
        if (!DocumentReader.TryRead(path, out var text, out var error))
        {
            stderr.WriteLine(CheckCommand.Escape($"{path}: error: {error}"));
            return ExitCodes.Usage;
        }

        // The same settings and links as `check` on this file, so that both see the same clauses.
        var problems = new List<Analysis.Findings.AnalysisProblem>();
        var (config, roots) = CheckCommand.SettingsFor(path, null, problems);
        foreach (var problem in problems)
        {
            stderr.WriteLine(CheckCommand.Escape($"{problem.File ?? "config"}:{problem.Line ?? 1}: error: {problem.Message}"));
        }

        var result = PolicyAnalyzer.Analyze(text, config, linkedDocuments: CheckCommand.LinkedFrom(path, roots));
        var source = result.Document.Source;
        foreach (var sentence in result.Document.Sentences.Where(s => source.GetPosition(s.Span.Start).Line + 1 == line))
        {
            var facts = result.Context.Facts(sentence);
            stdout.WriteLine($"sentence ({sentence.Block.Kind}, section \"{sentence.Section.Title}\"): {Shorten(sentence.Text)}");
            foreach (var set in Sets)
            {
                var matches = facts.Find(set);
                if (matches.Count > 0)
                {
                    stdout.WriteLine($"  {set}: {string.Join(", ", matches.Select(m => $"\"{facts.TextOf(m)}\""))}");
                }
            }

            foreach (var clause in result.Context.Clauses.Where(c => c.Sentence == sentence))
            {
                var carveOut = result.Context.CarveOut(clause);
                stdout.WriteLine($"  => {clause.FamilyLabel}; carve-out found: [{string.Join(", ", carveOut.Found)}] missing: [{string.Join(", ", carveOut.Missing)}]{(carveOut.OutOfScope ? " (out of scope)" : "")}");
                var plain = result.Context.PlainLanguage.Evaluate(clause);
                var where = plain.Span is { } span ? $" at line {source.GetPosition(span.Start).Line + 1}" : string.Empty;
                var grade = plain.Grade is { } g ? $", grade {g:0.0}" : string.Empty;
                stdout.WriteLine($"     plain language: {(plain.Passes ? "found" : "not found")}{where} (parts: {plain.Parts}{grade})");
            }
        }

        return ExitCodes.Clean;
    }

    private static string Shorten(string text) => text.Length > 160 ? text[..160] + "…" : text;
}
