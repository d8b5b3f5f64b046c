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

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length != 2 || !int.TryParse(args[1], out var line) || line < 1)
        {
            stderr.WriteLine("usage: policylsp explain FILE LINE");
            return ExitCodes.Usage;
        }

        if (!DocumentReader.TryRead(args[0], out var text, out var error))
        {
            stderr.WriteLine(CheckCommand.Escape($"{args[0]}: error: {error}"));
            return ExitCodes.Usage;
        }

        // The same settings and links as `check` on this file, so that both see the same clauses.
        var problems = new List<Analysis.Findings.AnalysisProblem>();
        var config = Analysis.Configuration.ConfigReader.FindFor(args[0]) is { } configPath
            ? Analysis.Configuration.ConfigReader.LoadFile(configPath, Analysis.Configuration.PolicyConfig.Default, problems)
            : Analysis.Configuration.PolicyConfig.Default;
        foreach (var problem in problems)
        {
            stderr.WriteLine(CheckCommand.Escape($"{problem.File ?? "config"}:{problem.Line ?? 1}: error: {problem.Message}"));
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(args[0])) ?? ".";
        var roots = config.SourcePath is { } configFile ? [folder, Path.GetDirectoryName(Path.GetFullPath(configFile)) ?? folder] : new[] { folder };
        var result = PolicyAnalyzer.Analyze(text, config, linkedDocuments: CheckCommand.LinkedFrom(args[0], roots));
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
