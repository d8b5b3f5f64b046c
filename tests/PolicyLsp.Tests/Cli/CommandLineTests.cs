using PolicyLsp.Cli;

namespace PolicyLsp.Tests.Cli;

/// <summary>The command line as a whole: routing, help, version and how mistakes are reported (exit 2, one clear line).</summary>
public sealed class CommandLineTests : IDisposable
{
    private const string TrainingClause = "# Privacy\n\nWe may use your posts to train our AI models.\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("policylsp-command-line-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task No_arguments_prints_the_usage_on_stdout_and_exits_2()
    {
        var (code, stdout, _) = await Run();
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
        Assert.All(["check", "explain", "serve", "eval"], command => Assert.Contains($"  {command} ", stdout, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_lists_the_commands_exit_codes_and_rules_and_exits_0(string ask)
    {
        var (code, stdout, stderr) = await Run(ask);
        Assert.Equal(ExitCodes.Clean, code);
        Assert.Equal(string.Empty, stderr);
        Assert.Contains($"policylsp {Usage.Version} — flags AI-training", stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 no findings at or above the threshold, 1 findings, 2 usage", stdout, StringComparison.Ordinal);
        Assert.Contains("Rules (pages in docs/rules/", stdout, StringComparison.Ordinal);
        foreach (var rule in Analysis.Findings.RuleDescriptor.All)
        {
            Assert.Contains($"  {rule.Code}  {rule.Name}", stdout, StringComparison.Ordinal);
        }

        Assert.Contains("diff", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check", "--help")]
    [InlineData("check", "-h")]
    [InlineData("help", "check")]
    [InlineData("check", "privacy.md", "--bogus", "--help")]
    public async Task Check_help_shows_checks_options_and_exits_0(params string[] args)
    {
        var (code, stdout, _) = await Run(args);
        Assert.Equal(ExitCodes.Clean, code);
        Assert.Contains("policylsp check [<PATHS>...] [options]", stdout, StringComparison.Ordinal);
        Assert.All(
            ["-f, --format <text|json|sarif>", "-o, --output <FILE>", "--link-root <DIR>", "-c, --config <FILE>", "--min-severity <LEVEL>"],
            option => Assert.Contains(option, stdout, StringComparison.Ordinal));
        Assert.DoesNotContain("--split", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_help_names_the_options_the_server_reads()
    {
        var (code, stdout, _) = await Run("serve", "--help");
        Assert.Equal(ExitCodes.Clean, code);
        Assert.Contains("--log-file FILE", stdout, StringComparison.Ordinal);
        Assert.Contains("--log-level LEVEL", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_version_alone()
    {
        var (code, stdout, _) = await Run("--version");
        Assert.Equal(ExitCodes.Clean, code);
        Assert.Equal(Usage.Version + Environment.NewLine, stdout);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("help", "frobnicate")]
    public async Task An_unknown_command_exits_2_and_says_so(params string[] args)
    {
        var (code, stdout, stderr) = await Run(args);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("policylsp: unknown command \"frobnicate\"; try policylsp --help", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--fromat", "json")]
    [InlineData("-x")]
    public async Task An_unknown_option_exits_2_with_a_clear_message_and_checks_nothing(params string[] options)
    {
        var (code, stdout, stderr) = await Run(["check", Write("privacy.md", TrainingClause), .. options]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith($"policylsp check: unknown option \"{options[0]}\"", stderr, StringComparison.Ordinal);
        Assert.Contains("try policylsp check --help", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check", "privacy.md", "--format", "xml")]
    [InlineData("check", "privacy.md", "--min-severity", "loud")]
    [InlineData("check", "privacy.md", "--output")]
    [InlineData("check", "privacy.md", "--output=")]
    [InlineData("check", "privacy.md", "--link-root", "no-such-folder")]
    [InlineData("explain", "privacy.md")]
    [InlineData("explain", "privacy.md", "0")]
    [InlineData("explain", "privacy.md", "three")]
    [InlineData("eval", "--split", "train")]
    [InlineData("eval", "--format", "sarif")]
    public async Task Mistakes_exit_2_with_a_line_naming_the_command(params string[] args)
    {
        Write("privacy.md", TrainingClause);
        var (code, stdout, stderr) = await Run([.. args.Select(a => a == "privacy.md" ? Path.Combine(_dir, a) : a)]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith($"policylsp {args[0]}: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_of_the_earlier_parser_are_kept()
    {
        Assert.Contains("policylsp check: --format must be text, json or sarif (got \"xml\")", (await Run("check", "x.md", "--format", "xml")).Stderr, StringComparison.Ordinal);
        Assert.Contains("policylsp check: give at least one file, folder, glob or - for stdin", (await Run("check")).Stderr, StringComparison.Ordinal);
        Assert.Contains("policylsp eval: --split must be dev, test, gate or changes (got \"train\")", (await Run("eval", "--split", "train")).Stderr, StringComparison.Ordinal);
        Assert.Contains("policylsp eval: --labels needs a file", (await Run("eval", "--labels", "")).Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_take_both_spellings_and_the_last_of_a_repeated_option_counts()
    {
        var file = Write("privacy.md", TrainingClause);
        var (_, sarif, _) = await Run("check", file, "--format=json", "-f", "sarif");
        Assert.Contains("\"$schema\"", sarif, StringComparison.Ordinal);
        var (code, _, _) = await Run("check", "--min-severity", "error", file, "--min-severity=warning");
        Assert.Equal(ExitCodes.Findings, code);
    }

    [Fact]
    public async Task After_a_double_dash_a_path_may_start_with_a_dash_and_slash_h_is_a_path_not_help()
    {
        var (code, stdout, _) = await Run("check", "--", Write("-privacy.md", TrainingClause));
        Assert.Equal(ExitCodes.Findings, code);
        Assert.Contains("PL101", stdout, StringComparison.Ordinal);

        var (slashCode, _, stderr) = await Run("check", "/h");
        Assert.Equal(ExitCodes.Usage, slashCode);
        Assert.Contains("/h: error: no such file or folder", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_starting_with_at_is_checked_not_read_as_a_response_file()
    {
        Write("@legal/privacy.md", TrainingClause);
        using var process = PolicyLspProcess.Start(["check", "@legal/privacy.md"], _dir);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == ExitCodes.Findings, stderr);
        Assert.Contains("@legal/privacy.md:3:1: warning PL101", await stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("serve", "--stdio")]
    [InlineData("serve", "--stdio", "--log-file", "x.log", "--log-level=debug")]
    [InlineData("serve", "--log-level", "loud", "--help")]
    [InlineData("serve", "--bogus", "-h", "check")]
    [InlineData("serve", "--help")]
    [InlineData("serve", "-h")]
    [InlineData("check", "serve")]
    [InlineData("--help", "serve")]
    public void Serve_starts_the_server_the_same_way_with_or_without_the_command_tree(params string[] args)
    {
        var fast = Program.ServeFastPath(args);
        var tree = CommandTree.ServerArguments(CommandTree.Parse(args));
        Assert.Equal(tree, fast);
        if (fast is not null)
        {
            Assert.Equal(args[1..], fast);
        }
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static Task<(int Code, string Stdout, string Stderr)> Run(params string[] args) => CliRunner.Run(args);
}
