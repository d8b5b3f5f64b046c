namespace PolicyLsp.Cli;

internal static class Usage
{
    public static string Version => typeof(Usage).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static string Text => $"""
        policylsp {Version} — flags AI-training and default-opt-in clauses in Markdown policies
        that lack a region carve-out or a plain-language disclosure.

        Usage:
          policylsp check [PATHS|GLOBS|-] [options]   check files, folders (walked for policy files) or stdin (-)
          policylsp explain FILE LINE                   show what the engine matched in the sentences on LINE
          policylsp serve [--stdio] [options]           run the language server (LSP 3.17) over stdin/stdout
          policylsp eval [options]                      detection quality against the labels in eval/ (precision, recall, misses)

        check options:
          --format text|json|sarif   output format (default: text)
          --output FILE              write the report to FILE instead of stdout (never over a checked file)
          --link-root DIR            also follow links to Markdown files under DIR (by default links are
                                     followed only inside the folders checked and their config folder)
          --config FILE              use this config instead of the nearest .policylsp.json
          --min-severity LEVEL       hint|info|warning|error: report and fail only at or above LEVEL (default: hint)

        eval options:
          --clauses FILE             the clause set (default: eval/clauses.json above the current directory)
          --labels FILE              the corpus labels (default: eval/corpus-labels.json above the current directory)
          --corpus DIR               the labelled policies (default: ../shared/corpus/real beside the repository)
          --format text|json         output format (default: text); exits 0 whatever the numbers, 2 if a file is missing

        serve options:
          --log-file FILE            server log (default: {PolicyLsp.Server.ServeCommand.DefaultLogFile}); never stdout
          --log-level LEVEL          trace|debug|info|warning|error (default: info)

        Exit codes: 0 no findings at or above the threshold, 1 findings, 2 usage, input or configuration error.
        Rules: PL101 PL102 PL201 PL202 — see docs/rules/.

        """;
}
