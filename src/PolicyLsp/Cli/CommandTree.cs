using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Rules;
using PolicyLsp.Server;

namespace PolicyLsp.Cli;

/// <summary>
/// The command line of <c>policylsp</c>: the commands, their options and their help, as one System.CommandLine tree.
/// A mistake on the command line exits 2 (<see cref="ExitCodes.Usage"/>) with a "policylsp COMMAND: …" line on stderr.
/// </summary>
internal static class CommandTree
{
    public const string Name = "policylsp";

    /// <summary>How help is asked for: not the library's "/h" and "/?" as well, which are paths on Unix.</summary>
    public static readonly string[] HelpAliases = ["--help", "-h"];

    private const string ServerOptions = "SERVER-OPTIONS";

    /// <summary>No response files: "@team/privacy.md" is a path to check, not a file of arguments.</summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    /// <summary>Runs <c>policylsp ARGS</c>; what the command writes goes to <paramref name="stdout"/> and <paramref name="stderr"/>.</summary>
    public static Task<int> InvokeAsync(IReadOnlyList<string> args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var result = Create(stdin).Parse(args, Parsing);
        return ReportErrors(result, stderr) ? Task.FromResult(ExitCodes.Usage) : result.InvokeAsync(Invocation(stdout, stderr));
    }

    /// <summary>As <see cref="InvokeAsync"/>, for the commands that do not read stdin and finish synchronously.</summary>
    public static int Invoke(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var result = Create(TextReader.Null).Parse(args, Parsing);
        return ReportErrors(result, stderr) ? ExitCodes.Usage : result.Invoke(Invocation(stdout, stderr));
    }

    /// <summary>Parses without running anything (for tests of the routing).</summary>
    internal static ParseResult Parse(IReadOnlyList<string> args) => Create(TextReader.Null).Parse(args, Parsing);

    /// <summary>The tokens the tree hands to the server for <c>serve …</c>, or null when it would not start the server.</summary>
    internal static string[]? ServerArguments(ParseResult result) =>
        result.Action is not HelpWithNotes && result.Errors.Count == 0 && result.CommandResult.Command.Name == "serve"
            ? result.GetValue<string[]>(ServerOptions) ?? []
            : null;

    private static Command Create(TextReader stdin)
    {
        var notes = new Dictionary<Command, Func<string>>();
        var help = new HelpWithNotes(notes);
        var root = new Command(Name, $"{Usage.Tool} — flags AI-training and default-opt-in clauses in Markdown policies that lack a region carve-out or a plain-language disclosure.")
        {
            new HelpOption(HelpAliases[0], HelpAliases[1..]) { Action = help },
            new VersionOption { Action = new WriteVersion() },
        };
        var check = CheckCommand.Create(stdin);
        root.Subcommands.Add(check);
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(DiffCommand.Create());
        root.Subcommands.Add(Serve(notes));
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(HelpCommand(root));

        var exitCodes = $"Exit codes: {ExitCodes.Clean} no findings at or above the threshold, {ExitCodes.Findings} findings, {ExitCodes.Usage} usage, input or configuration error.";
        notes[root] = () => $"""
            {exitCodes}
            Rules (pages in docs/rules/; severities under "rules" in .policylsp.json):
            {RuleCatalog.Default.UsageTable().TrimEnd('\n')}
            Run "policylsp COMMAND --help" for the options of a command.
            """;
        notes[check] = () => exitCodes;

        // Bare `policylsp`: the help, as a usage error.
        root.SetAction(result =>
        {
            ShowHelp(root, null, result.InvocationConfiguration);
            return ExitCodes.Usage;
        });
        return root;
    }

    /// <summary>
    /// <c>serve</c> hands every token after it to <see cref="ServeCommand.RunAsync"/> untouched: the server parses its
    /// own options. (Program starts the server without building this tree; see <see cref="Program.ServeFastPath"/>.)
    /// </summary>
    private static Command Serve(Dictionary<Command, Func<string>> notes)
    {
        var tokens = new Argument<string[]>(ServerOptions)
        {
            Arity = ArgumentArity.ZeroOrMore,
            CaptureRemainingTokens = true,
            Description = "passed to the server as they are (below)",
        };
        var serve = new Command("serve", "run the language server (LSP 3.17) over stdin/stdout") { tokens };
        serve.SetAction((result, _) => ServeCommand.RunAsync(result.GetValue(tokens) ?? []));
        notes[serve] = () => $"""
            Server options:
              --stdio            talk over stdin/stdout (the only transport; accepted because editors pass it)
              --log-file FILE    server log (default: {ServeCommand.DefaultLogFile}); never stdout
              --log-level LEVEL  trace|debug|info|warning|error (default: info)
            """;
        return serve;
    }

    /// <summary><c>policylsp help [COMMAND]</c>, as <c>policylsp [COMMAND] --help</c>.</summary>
    private static Command HelpCommand(Command root)
    {
        var name = new Argument<string?>("COMMAND") { Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("help", "show the help of policylsp or of a command") { Hidden = true };
        command.Arguments.Add(name);
        command.SetAction(result =>
        {
            var wanted = result.GetValue(name);
            if (wanted is not null && !root.Subcommands.Any(c => c.Name == wanted && !c.Hidden))
            {
                result.InvocationConfiguration.Error.WriteLine(CheckCommand.Escape($"{Name}: unknown command \"{wanted}\"; try {Name} --help"));
                return ExitCodes.Usage;
            }

            return ShowHelp(root, wanted, result.InvocationConfiguration);
        });
        return command;
    }

    /// <summary>Shows the help of the root or of one command, as <c>policylsp [COMMAND] --help</c> does.</summary>
    private static int ShowHelp(Command root, string? command, InvocationConfiguration invocation) =>
        root.Parse(command is null ? [HelpAliases[0]] : [command, HelpAliases[0]], Parsing).Invoke(invocation);

    /// <summary>
    /// An option that takes one value; given again, the last value counts (so a flag added later overrides one a
    /// script put first). <paramref name="problem"/> returns why a value is refused, or null.
    /// </summary>
    internal static Option<string> SingleValue(string name, string[] aliases, string helpName, string description, Func<string, string?> problem) =>
        new(name, aliases)
        {
            HelpName = helpName,
            Description = description,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
            CustomParser = result =>
            {
                var value = result.Tokens[^1].Value;
                if (problem(value) is { } message)
                {
                    result.AddError(message);
                }

                return value;
            },
        };

    /// <summary>Writes the mistakes on the command line to stderr; true when there were any.</summary>
    private static bool ReportErrors(ParseResult result, TextWriter stderr)
    {
        // --help and --version answer whatever else is on the line.
        if (result.Action?.ClearsParseErrors == true)
        {
            return false;
        }

        var command = result.CommandResult.Command;
        var prefix = command.Parents.Any() ? $"{Name} {command.Name}" : Name;
        if (!command.Parents.Any() && result.UnmatchedTokens is [var unknown, ..])
        {
            stderr.WriteLine(CheckCommand.Escape($"{Name}: unknown command \"{unknown}\"; try {Name} --help"));
            return true;
        }

        var messages = result.Errors.Select(e => e.Message)
            .Concat(UnknownOptions(result).Select(option => $"unknown option \"{option}\""))
            .ToList();
        foreach (var message in messages)
        {
            stderr.WriteLine(CheckCommand.Escape($"{prefix}: {message}"));
        }

        if (messages.Count > 0)
        {
            stderr.WriteLine($"try {prefix} --help");
        }

        return messages.Count > 0;
    }

    /// <summary>
    /// Words like "--fromat" that the library handed to a command's arguments (PATHS, FILE) because no option has that
    /// name. A lone "-" is stdin, and after "--" anything is an argument; the server's tokens are the server's business.
    /// </summary>
    private static IEnumerable<string> UnknownOptions(ParseResult result)
    {
        var taken = result.CommandResult.Children.OfType<ArgumentResult>()
            .Where(a => !a.Argument.CaptureRemainingTokens)
            .SelectMany(a => a.Tokens)
            .ToHashSet(ReferenceEqualityComparer.Instance);
        return result.Tokens
            .TakeWhile(t => t.Type != TokenType.DoubleDash)
            .Where(t => t.Value.StartsWith('-') && t.Value != "-" && taken.Contains(t))
            .Select(t => t.Value);
    }

    /// <summary>Exceptions are not caught and Ctrl+C is not intercepted: a run ends as it did before this parser.</summary>
    private static InvocationConfiguration Invocation(TextWriter stdout, TextWriter stderr) =>
        new() { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };

    /// <summary>--help: the library's help, then the notes of the command (exit codes, rules, the server's options).</summary>
    private sealed class HelpWithNotes(Dictionary<Command, Func<string>> notes) : SynchronousCommandLineAction
    {
        /// <summary>A fixed width, so that help reads the same in a terminal, a pipe and a test.</summary>
        private readonly HelpAction _help = new() { MaxWidth = 110 };

        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            _help.Invoke(parseResult);
            if (notes.TryGetValue(parseResult.CommandResult.Command, out var note))
            {
                parseResult.InvocationConfiguration.Output.WriteLine(note());
                parseResult.InvocationConfiguration.Output.WriteLine();
            }

            return ExitCodes.Clean;
        }
    }

    /// <summary>--version: the version alone ("0.1.0"), as SARIF and JSON reports give it.</summary>
    private sealed class WriteVersion : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Usage.Version);
            return ExitCodes.Clean;
        }
    }
}
