using System.Diagnostics;
using System.Text;
using PolicyLsp.Cli;

namespace PolicyLsp.Tests.Cli;

/// <summary>
/// A policy repository is shared, so its files, links, front matter and configs are untrusted. Each case builds a
/// hostile tree and runs the real <c>policylsp</c> process against it (a hang, an abort or a stack overflow would take
/// an in-process test host with it): the run ends in bounded time and memory, exits 0, 1 or 2, names every file it
/// refused and still reports the good files.
/// </summary>
public sealed class HostileWorkspaceTests : IDisposable
{
    private const string TrainingClause = "# Privacy\n\nWe may use your posts to train our AI models.\n";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private const long MemoryBound = 1536L * 1024 * 1024;

    private readonly string _dir = Directory.CreateTempSubdirectory("policylsp-hostile-tree-").FullName;

    private HostileTree Tree => new(_dir);

    private string Write(string relative, string text) => Tree.Write(relative, text);

    private void Fifo(string relative) => Tree.Fifo(relative);

    private void Link(string relative, string target) => Tree.Link(relative, target);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Every hostile tree: (what to build, arguments to check, what stderr must name).</summary>
    public static TheoryData<string> Cases => new(HostileCases.Keys);

    private static readonly Dictionary<string, (Action<HostileWorkspaceTests> Build, string[] Args, string[] Stderr)> HostileCases = new()
    {
        ["link to a FIFO"] = (t => { t.Policy("privacy.md", "[EU notice](eu-notice.md)"); t.Fifo("eu-notice.md"); }, ["check", "privacy.md"], []),
        ["link to a link to /dev/zero"] = (t => { t.Policy("privacy.md", "[EU notice](eu-notice.md)"); t.Link("eu-notice.md", "zero"); t.Link("zero", "/dev/zero"); }, ["check", "privacy.md"], []),
        ["explain /dev/zero"] = (_ => { }, ["explain", "/dev/zero", "1"], ["not a regular file"]),
        ["a policy that is a link to /dev/urandom"] = (t => { t.Policy("privacy.md", ""); t.Link("terms.md", "/dev/urandom"); }, ["check", "."], ["terms.md: error: not a regular file (a character device)"]),
        ["a FIFO named privacy.md"] = (t => { t.Policy("terms.md", ""); t.Fifo("privacy.md"); }, ["check", "."], ["privacy.md: error: not a regular file (a named pipe"]),
        ["a FIFO named notes.md"] = (t => { t.Policy("terms.md", ""); t.Fifo("notes.md"); }, ["check", "."], []),
        ["config that is a FIFO"] = (t => { t.Policy("privacy.md", ""); t.Fifo(".policylsp.json"); }, ["check", "privacy.md"], [".policylsp.json:1: error: cannot read config: not a regular file"]),
        ["config that is a link to /dev/zero"] = (t => { t.Policy("privacy.md", ""); t.Link(".policylsp.json", "/dev/zero"); }, ["check", "privacy.md"], [".policylsp.json:1: error: cannot read config: not a regular file"]),
        ["folder links to . twice"] = (t => { t.Policy("privacy.md", ""); t.Link("a", "."); t.Link("b", "."); t.Link("root", "/"); }, ["check", "."], []),
        ["a NUL byte in a link"] = (t => t.Policy("privacy.md", "[EU notice](eu%00.md) and [other](%ZZ.md)"), ["check", "privacy.md"], []),
        ["front matter nested 100,000 deep"] = (t => t.Write("privacy.md", "---\nx: " + new string('[', 100_000) + new string(']', 100_000) + "\n---\n" + TrainingClause), ["check", "privacy.md"], ["privacy.md:1: error:"]),
        ["a front-matter term of 60,000 words"] = (t => t.Write("privacy.md", "---\npolicylsp:\n  terms:\n    ai.specificTerms: [\"" + string.Join(' ', Enumerable.Repeat("model", 60_000)) + "\"]\n---\n" + TrainingClause), ["check", "privacy.md"], []),
        ["a reversed glob range in the config"] = (t => { t.Policy("privacy.md", ""); t.Write(".policylsp.json", "{\n  \"policyFiles\": [\"[z-a]*.md\"]\n}"); }, ["check", "."], [".policylsp.json:2: error: \"policyFiles\": glob \"[z-a]*.md\" has a reversed range"]),
        ["20,000 brace alternatives in the config"] = (t => { t.Policy("privacy.md", ""); t.Write(".policylsp.json", "{ \"policyFiles\": [\"{" + string.Join(',', Enumerable.Range(0, 20_000)) + "}.md\"] }"); }, ["check", "."], ["error: \"policyFiles\": glob of"]),
        ["a reversed glob range on the command line"] = (t => t.Policy("privacy.md", ""), ["check", "[z-a]*.md"], ["has a reversed range"]),
        ["lang: regions"] = (t => t.Write("privacy.md", "---\nlang: regions\n---\n" + TrainingClause), ["check", "privacy.md"], ["no term pack for language \"regions\""]),
        ["language regions in the config"] = (t => { t.Policy("privacy.md", ""); t.Write(".policylsp.json", "{ \"language\": \"regions\" }"); }, ["check", "privacy.md"], ["\"language\" must be one of"]),
        ["output into a missing folder"] = (t => t.Policy("privacy.md", ""), ["check", "privacy.md", "-o", "missing/report.sarif", "--format", "sarif"], ["cannot write the report to missing/report.sarif"]),
        ["output onto a folder"] = (t => { t.Policy("privacy.md", ""); Directory.CreateDirectory(Path.Combine(t._dir, "out")); }, ["check", "privacy.md", "-o", "out"], ["it is a folder"]),
        ["output onto the input"] = (t => t.Policy("privacy.md", ""), ["check", "privacy.md", "-o", "privacy.md"], ["refusing to write the report over privacy.md"]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Check_ends_in_bounded_time_and_memory_with_exit_0_1_or_2(string name)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var (build, args, stderrNeeds) = HostileCases[name];
        build(this);
        var run = await RunProcess(args);
        Assert.False(run.TimedOut, $"{name}: still running after {Deadline.TotalSeconds} s");
        Assert.True(run.ExitCode is 0 or 1 or 2, $"{name}: exit code {run.ExitCode}; stderr: {Tail(run.Stderr)}");
        Assert.True(run.PeakBytes < MemoryBound, $"{name}: peak RSS {run.PeakBytes / (1024 * 1024)} MiB");
        foreach (var needed in stderrNeeds)
        {
            Assert.Contains(needed, run.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_hostile_tree_is_checked_whole_with_a_problem_line_per_refused_file()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Policy("privacy.md", "See the [EU notice](eu-notice.md), [this](eu%00.md) and [that](sub/zero.md).");
        Fifo("eu-notice.md");
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        Fifo("sub/privacy-pipe.md");
        Link("sub/zero.md", "/dev/zero");
        Link("sub/terms-zero.md", "/dev/zero");
        Link("sub/a", ".");
        Link("sub/b", "..");
        Write("sub/privacy-deep.md", "---\nx: " + new string('[', 100_000) + new string(']', 100_000) + "\n---\n" + TrainingClause);
        Write("legal/terms.md", TrainingClause);
        Write(".policylsp.json", "{\n  \"policyFiles\": [\"[z-a]*.md\", \"**/*privacy*.md\", \"**/*terms*.md\"]\n}");

        var run = await RunProcess(["check", "."]);

        Assert.False(run.TimedOut);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.True(run.PeakBytes < MemoryBound, $"peak RSS {run.PeakBytes / (1024 * 1024)} MiB");
        Assert.Contains(".policylsp.json:2: error: \"policyFiles\": glob \"[z-a]*.md\" has a reversed range", run.Stderr);
        Assert.Contains("sub/privacy-pipe.md: error: not a regular file (a named pipe", run.Stderr);
        Assert.Contains("sub/terms-zero.md: error: not a regular file (a character device)", run.Stderr);
        Assert.Contains("sub/privacy-deep.md:1: error:", run.Stderr);

        // The good files are reported, each once (the folder links are not walked).
        Assert.Single(Lines(run.Stdout), l => l.StartsWith("privacy.md:3:1: warning PL101", StringComparison.Ordinal));
        Assert.Single(Lines(run.Stdout), l => l.StartsWith("legal/terms.md:3:1: warning PL101", StringComparison.Ordinal));
        Assert.Single(Lines(run.Stdout), l => l.StartsWith("sub/privacy-deep.md:", StringComparison.Ordinal) && l.Contains("PL101", StringComparison.Ordinal));
        Assert.DoesNotContain(Lines(run.Stdout), l => l.StartsWith("sub/a/", StringComparison.Ordinal) || l.StartsWith("sub/b/", StringComparison.Ordinal));
        Assert.Contains("6 findings in 3 files checked", run.Stderr);
    }

    [Fact]
    public async Task A_folder_linked_to_itself_reports_each_file_once()
    {
        Write("privacy.md", TrainingClause);
        Link("a", ".");
        var (code, stdout, stderr) = await RunInProcess("check", _dir);
        Assert.Equal(ExitCodes.Findings, code);
        Assert.Equal(2, Lines(stdout).Count);
        Assert.Contains("2 findings in 1 file checked", stderr);
    }

    [Fact]
    public async Task A_NUL_byte_or_a_bad_escape_in_a_link_is_not_followed_and_the_file_is_still_checked()
    {
        var file = Policy("privacy.md", "Subject to our [notice](eu%00.md), [that](%E0%A4%A.md) and [this](eu\u0001.md).");
        var (code, stdout, _) = await RunInProcess("check", file);
        Assert.Equal(ExitCodes.Findings, code);
        Assert.Contains("PL101", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Links_leading_outside_the_checked_folder_are_not_followed()
    {
        // A regional notice outside the checked folder would carve the clause out if it were read.
        var outside = Directory.CreateTempSubdirectory("policylsp-outside-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outside, "eu.md"), "---\napplies_to: [EU, EEA, UK, CH]\n---\n# European notice\n\nWe do not use your posts to train AI models.\n");
            var relative = Path.GetRelativePath(Path.Combine(_dir, "repo"), Path.Combine(outside, "eu.md")).Replace('\\', '/');
            var escaped = relative.Replace("..", "%2e%2e", StringComparison.Ordinal);
            var policy = Write("repo/privacy.md", $"# Privacy\n\nWe may use your posts to train our AI models, subject to our [European notice]({relative}), [the same]({escaped}) and [again]({Path.Combine(outside, "eu.md")}).\n");
            Link("repo/notices", outside);
            Write("repo/terms.md", "# Terms\n\nWe may use your posts to train our AI models, subject to our [European notice](notices/eu.md).\n");

            var (_, stdout, _) = await RunInProcess("check", Path.Combine(_dir, "repo"));
            Assert.Contains("privacy.md:3:1: warning PL101", stdout, StringComparison.Ordinal);
            Assert.Contains("terms.md:3:1: warning PL101", stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(outside, stdout, StringComparison.Ordinal);

            // Allowed on purpose, the notice counts.
            var (_, allowed, _) = await RunInProcess("check", policy, "--link-root", outside);
            Assert.DoesNotContain("PL101", allowed, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task A_report_is_never_written_over_a_checked_file()
    {
        var policy = Policy("privacy.md", "");
        var terms = Policy("terms.md", "Terms.");
        var (policyText, termsText) = (File.ReadAllText(policy), File.ReadAllText(terms));

        var (code, _, stderr) = await RunInProcess("check", _dir, "-o", terms, "--format", "sarif");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("refusing to write the report over", stderr, StringComparison.Ordinal);
        Assert.Equal(termsText, File.ReadAllText(terms));

        (code, _, _) = await RunInProcess("check", policy, "-o", Path.Combine(_dir, ".", "privacy.md"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(policyText, File.ReadAllText(policy));
    }

    [Fact]
    public async Task A_report_replaces_a_planted_link_instead_of_writing_through_it()
    {
        var victim = Write("victim.txt", "keep me");
        Link("report.json", victim);
        var (code, _, _) = await RunInProcess("check", Policy("privacy.md", ""), "-o", Path.Combine(_dir, "report.json"), "--format", "json");
        Assert.Equal(ExitCodes.Findings, code);
        Assert.Equal("keep me", File.ReadAllText(victim));
        Assert.StartsWith("{", File.ReadAllText(Path.Combine(_dir, "report.json")), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Theory]
    [InlineData("missing/report.txt", "folder")]
    [InlineData("", "it is a folder")]
    public async Task A_report_that_cannot_be_written_is_an_error_with_exit_2(string output, string reason)
    {
        var (code, _, stderr) = await RunInProcess("check", Policy("privacy.md", ""), "-o", Path.Combine(_dir, output));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("cannot write the report to", stderr, StringComparison.Ordinal);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[z-a]*.md", "reversed range")]
    [InlineData("{a,{b,{c,{d,{e,{f,{g,{h,{i,j}}}}}}}}}.md", "nests braces")]
    public async Task A_broken_glob_on_the_command_line_is_a_usage_error(string glob, string reason)
    {
        var (code, _, stderr) = await RunInProcess("check", glob);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_glob_in_the_config_names_file_and_line_and_the_defaults_still_find_policies()
    {
        Write(".policylsp.json", "{\n  \"regions\": [\"EU\"],\n  \"policyFiles\": [\"[z-a]*.md\"]\n}");
        Write("privacy.md", TrainingClause);
        var (code, stdout, stderr) = await RunInProcess("check", _dir);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(".policylsp.json:3: error: \"policyFiles\": glob \"[z-a]*.md\" has a reversed range", stderr, StringComparison.Ordinal);
        Assert.Contains("PL101", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_language_that_names_the_region_table_is_a_problem_not_a_crash()
    {
        var file = Write("privacy.md", "---\nlang: regions\n---\n" + TrainingClause);
        var (code, stdout, stderr) = await RunInProcess("check", file);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("no term pack for language \"regions\"; using English", stderr, StringComparison.Ordinal);
        Assert.Contains("PL101", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docs_base_url_from_front_matter_is_ignored_and_a_configured_one_is_escaped()
    {
        var file = Write("privacy.md", "---\npolicylsp:\n  docsBaseUrl: \"https://phish.example/x\"\n---\n" + TrainingClause);
        var (_, sarif, stderr) = await RunInProcess("check", file, "--format", "sarif");
        Assert.DoesNotContain("phish.example", sarif, StringComparison.Ordinal);
        Assert.Contains("\"docsBaseUrl\" can only be set in .policylsp.json", stderr, StringComparison.Ordinal);

        Write(".policylsp.json", "{ \"docsBaseUrl\": \"https://docs.example/rules (v2)/[x]\" }");
        (_, sarif, _) = await RunInProcess("check", file, "--format", "sarif");
        Assert.Contains("\"helpUri\": \"https://docs.example/rules%20%28v2%29/%5Bx%5D/PL101.md\"", sarif, StringComparison.Ordinal);

        Write(".policylsp.json", "{ \"docsBaseUrl\": \"javascript:alert(1)\" }");
        var (_, text, configErrors) = await RunInProcess("check", file, "--format", "sarif");
        Assert.DoesNotContain("javascript", text, StringComparison.Ordinal);
        Assert.Contains("\"docsBaseUrl\" must be an absolute http, https or file URL", configErrors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Findings_past_the_cap_are_counted_and_said_in_every_format()
    {
        Write(".policylsp.json", "{ \"maxFindingsPerDocument\": 5 }");
        var file = Write("privacy.md", "# Privacy\n\n" + string.Concat(Enumerable.Repeat("- We may use your posts to train our AI models.\n", 40)));

        var (code, stdout, stderr) = await RunInProcess("check", file);
        Assert.Equal(ExitCodes.Findings, code);
        Assert.Equal(5, Lines(stdout).Count);
        Assert.Contains("privacy.md: warning: 5 findings reported, 75 more not (maxFindingsPerDocument is 5)", stderr, StringComparison.Ordinal);

        var (_, json, _) = await RunInProcess("check", file, "--format", "json");
        Assert.Contains("\"omittedFindings\": 75", json, StringComparison.Ordinal);

        var (_, sarif, _) = await RunInProcess("check", file, "--format", "sarif");
        Assert.Contains("5 findings reported, 75 more not", sarif, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_characters_in_file_names_are_escaped_in_the_text_report()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Write("privacy\n\u001b[31mforged.md", TrainingClause);
        var (_, stdout, _) = await RunInProcess("check", _dir);
        Assert.DoesNotContain('\u001b', stdout);
        Assert.Contains("privacy\\n\\u001b[31mforged.md:3:1: warning PL101", stdout, StringComparison.Ordinal);
        Assert.Equal(2, Lines(stdout).Count);
    }

    private string Policy(string relative, string extra) => Write(relative, TrainingClause + (extra.Length > 0 ? "\n" + extra + "\n" : ""));

    private static List<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string Tail(string text) => text.Length <= 400 ? text : text[^400..];

    private async Task<(int Code, string Stdout, string Stderr)> RunInProcess(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var previous = Directory.GetCurrentDirectory();
        var code = await CheckCommand.RunAsync(args[1..], new StringReader(string.Empty), stdout, stderr);
        Assert.Equal(previous, Directory.GetCurrentDirectory());
        return (code, stdout.ToString(), stderr.ToString());
    }

    private sealed record ProcessRun(int ExitCode, bool TimedOut, long PeakBytes, string Stdout, string Stderr);

    /// <summary>Runs the real executable in the tree's folder, killing it at the deadline, and samples its peak RSS.</summary>
    private async Task<ProcessRun> RunProcess(string[] args)
    {
        using var process = PolicyLspProcess.Start(args, _dir, ("DOTNET_gcServer", "0"));
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        var clock = Stopwatch.StartNew();
        var timedOut = false;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, PeakRss(process.Id));
            if (clock.Elapsed > Deadline)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
                break;
            }

            await Task.Delay(50);
        }

        await process.WaitForExitAsync();
        var err = await stderr;
        return new ProcessRun(process.ExitCode, timedOut, peak, await stdout, err.Length > 20_000 ? err[..20_000] : err);
    }

    /// <summary>VmHWM of a running process (Linux), 0 when it is gone.</summary>
    private static long PeakRss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

}
