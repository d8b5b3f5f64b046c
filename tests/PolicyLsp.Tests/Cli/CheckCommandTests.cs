using System.Text.Json;
using PolicyLsp.Cli;

namespace PolicyLsp.Tests.Cli;

public sealed class CheckCommandTests : IDisposable
{
    private const string TrainingClause = "# Privacy\n\nWe may use your posts to train our AI models.\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("policylsp-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Findings_print_compiler_style_lines_and_exit_1()
    {
        var file = Write("privacy.md", TrainingClause);
        var (code, stdout, _) = await Run("check", file);
        Assert.Equal(ExitCodes.Findings, code);
        Assert.Contains(":3:1: warning PL101: AI-training clause", stdout);
        Assert.Contains("[ai-training-without-region-carveout]", stdout);
    }

    [Fact]
    public async Task Only_policy_files_skips_named_files_that_are_not_policies()
    {
        var notes = Write("notes.md", TrainingClause);
        var marked = Write("draft.md", "---\npolicy: yes\n---\n" + TrainingClause);
        var policy = Write("privacy.md", TrainingClause);

        // Named explicitly, every file is checked; with the option, only what the policy-file rule accepts.
        var (all, _, allErr) = await Run("check", notes, marked, policy);
        Assert.Equal(ExitCodes.Findings, all);
        Assert.Contains("in 3 files checked", allErr);

        var (code, stdout, stderr) = await Run("check", "--only-policy-files", notes, marked, policy);
        Assert.Equal(ExitCodes.Findings, code);
        Assert.Contains("in 2 files checked", stderr);
        Assert.DoesNotContain("notes.md", stdout);
        Assert.Contains("draft.md", stdout);

        var (none, noneOut, noneErr) = await Run("check", "--only-policy-files", notes);
        Assert.Equal(ExitCodes.Clean, none);
        Assert.Equal(string.Empty, noneOut);
        Assert.Contains("0 findings in 0 files checked", noneErr);
    }

    [Fact]
    public async Task Clean_file_exits_0()
    {
        var (code, stdout, _) = await Run("check", Write("privacy.md", "# Privacy\n\nWe collect your email address to send receipts.\n"));
        Assert.Equal(ExitCodes.Clean, code);
        Assert.Equal(string.Empty, stdout);
    }

    [Fact]
    public async Task Min_severity_above_the_findings_exits_0()
    {
        var (code, _, _) = await Run("check", Write("privacy.md", TrainingClause), "--min-severity", "error");
        Assert.Equal(ExitCodes.Clean, code);
    }

    [Fact]
    public async Task Config_severity_error_counts_at_min_severity_error()
    {
        Write(".policylsp.json", "{ \"rules\": { \"PL101\": \"error\", \"PL102\": \"off\" } }");
        var (code, stdout, _) = await Run("check", Write("privacy.md", TrainingClause), "--min-severity", "error");
        Assert.Equal(ExitCodes.Findings, code);
        Assert.Contains("error PL101", stdout);
        Assert.DoesNotContain("PL102", stdout);
    }

    [Fact]
    public async Task Broken_config_names_file_and_line_and_analysis_goes_on()
    {
        Write(".policylsp.json", "{\n  \"regions\": [\"EU\",\n  oops\n}");
        var (code, stdout, stderr) = await Run("check", Write("privacy.md", TrainingClause));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(".policylsp.json:3: error: config is not valid JSON", stderr);
        Assert.Contains("PL101", stdout);
    }

    [Fact]
    public async Task Unknown_region_in_config_is_reported()
    {
        Write(".policylsp.json", "{\n  \"regions\": [\"EU\", \"Atlantis\"]\n}");
        var (code, _, stderr) = await Run("check", Write("privacy.md", TrainingClause));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(".policylsp.json:2: error: unknown region \"Atlantis\"", stderr);
    }

    [Fact]
    public async Task Binary_and_invalid_utf8_files_get_an_error_line_and_the_others_are_checked()
    {
        var binary = Path.Combine(_dir, "binary-policy.md");
        File.WriteAllBytes(binary, [0x50, 0x00, 0x01, 0x02]);
        var latin1 = Path.Combine(_dir, "latin1-policy.md");
        File.WriteAllBytes(latin1, [0x43, 0x61, 0x66, 0xE9, 0x0A]);
        var good = Write("privacy.md", TrainingClause);
        var (code, stdout, stderr) = await Run("check", binary, latin1, good);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("binary-policy.md: error: binary file", stderr);
        Assert.Contains("latin1-policy.md: error: not valid UTF-8", stderr);
        Assert.Contains("privacy.md:3:1: warning PL101", stdout);
    }

    [Fact]
    public async Task Folders_are_walked_for_policy_files_only()
    {
        Write("docs/privacy-policy.md", TrainingClause);
        Write("docs/README.md", TrainingClause);
        Write("docs/marked.md", "---\npolicy: true\n---\n" + TrainingClause);
        var (_, stdout, _) = await Run("check", _dir);
        Assert.Contains("privacy-policy.md", stdout);
        Assert.Contains("marked.md", stdout);
        Assert.DoesNotContain("README.md", stdout);
    }

    [Fact]
    public async Task Stdin_is_read_for_dash()
    {
        var (code, stdout, _) = await RunWithInput(TrainingClause, "check", "-");
        Assert.Equal(ExitCodes.Findings, code);
        Assert.Contains("<stdin>:3:1: warning PL101", stdout);
    }

    [Fact]
    public async Task Json_report_has_ranges_and_fixes()
    {
        var (_, stdout, _) = await Run("check", Write("privacy.md", TrainingClause), "--format", "json");
        using var json = JsonDocument.Parse(stdout);
        var finding = json.RootElement.GetProperty("files")[0].GetProperty("findings")[0];
        Assert.Equal("PL101", finding.GetProperty("code").GetString());
        Assert.Equal(3, finding.GetProperty("range").GetProperty("startLine").GetInt32());
        Assert.Contains("EU", finding.GetProperty("regionsMissing").EnumerateArray().Select(e => e.GetString()));
        Assert.True(finding.GetProperty("fixes").GetArrayLength() >= 2);
    }

    [Fact]
    public async Task Sarif_report_has_rules_results_and_one_based_regions()
    {
        var output = Path.Combine(_dir, "out.sarif");
        var (code, _, _) = await Run("check", Write("privacy.md", TrainingClause), "--format", "sarif", "--output", output);
        Assert.Equal(ExitCodes.Findings, code);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        var run = json.RootElement.GetProperty("runs")[0];
        Assert.Equal("2.1.0", json.RootElement.GetProperty("version").GetString());
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        Assert.Equal(["PL101", "PL102", "PL201", "PL202", "PL301", "PL302", "PL303", "PL304", "PL305"], rules.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(["warning", "warning", "warning", "warning", "note", "note", "note", "note", "note"], rules.EnumerateArray().Select(r => r.GetProperty("defaultConfiguration").GetProperty("level").GetString()));
        Assert.All(rules.EnumerateArray(), r => Assert.EndsWith(".md", r.GetProperty("helpUri").GetString()));
        var result = run.GetProperty("results")[0];
        Assert.Equal("PL101", result.GetProperty("ruleId").GetString());
        var region = result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        Assert.Equal(3, region.GetProperty("startLine").GetInt32());
        Assert.Equal(1, region.GetProperty("startColumn").GetInt32());
    }

    [Fact]
    public async Task A_linked_regional_notice_beside_the_file_provides_the_carve_out()
    {
        Write("eu-privacy-notice.md", "---\napplies_to: [EU, EEA, UK, CH]\n---\n# European notice\n\nWe do not use your posts to train AI models unless you opt in.\n");
        var policy = Write("privacy.md", "# Privacy\n\nWe may use your posts to train our AI models, subject to our [European notice](eu-privacy-notice.md).\n");
        var (_, stdout, _) = await Run("check", policy);
        Assert.DoesNotContain("PL101", stdout);
    }

    [Fact]
    public async Task Usage_errors_exit_2()
    {
        Assert.Equal(ExitCodes.Usage, (await Run("check")).Code);
        Assert.Equal(ExitCodes.Usage, (await Run("check", "--format", "xml", "x.md")).Code);
        Assert.Equal(ExitCodes.Usage, (await Run("check", Path.Combine(_dir, "missing.md"))).Code);
    }

    [Fact]
    public async Task Rule_pages_ship_beside_the_binary()
    {
        var page = new Uri(RuleDocs.UriFor(Analysis.Findings.RuleDescriptor.Find("PL101")!, null)).LocalPath;
        Assert.True(File.Exists(page), page);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_regional_notice_linked_beside_the_policy_is_followed()
    {
        var policy = Write("policy.md", "# Privacy Policy\n\n## AI\n\nWe may use your posts to train our AI models, subject to our [European Regional Privacy Notice](notices/eu%20notice.md#ai).\n");
        var (_, withoutNotice, _) = await Run("check", policy);
        Write("notices/eu notice.md", "---\napplies_to: [EU, EEA, UK, CH]\n---\n# European Regional Privacy Notice\n\nWe do not use your posts to train AI models unless you opt in.\n");
        var (_, withNotice, _) = await Run("check", policy);
        Assert.Contains("PL101", withoutNotice, StringComparison.Ordinal);
        Assert.DoesNotContain("PL101", withNotice, StringComparison.Ordinal);
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static Task<(int Code, string Stdout, string Stderr)> Run(params string[] args) => RunWithInput(string.Empty, args);

    private static async Task<(int Code, string Stdout, string Stderr)> RunWithInput(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CheckCommand.RunAsync(args[1..], new StringReader(stdin), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
