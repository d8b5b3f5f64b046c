using System.Text.Json;
using PolicyLsp.Cli;

namespace PolicyLsp.Tests.Cli;

/// <summary><c>policylsp diff OLD NEW</c> and <c>policylsp check --since REF</c> over real files and a real git repository.</summary>
public sealed class DiffCommandTests : IDisposable
{
    private const string Before = "# Privacy\n\nLast updated: 1 March 2026\n\nWe use your posts to improve our services.\n";
    private const string After = "# Privacy\n\nLast updated: 1 March 2026\n\nWe use your posts to improve our services and to train our AI models.\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("policylsp-diff-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static Task<(int Code, string Stdout, string Stderr)> Run(params string[] args) => CliRunner.Run(args);

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PolicyLsp.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("PolicyLsp.sln not found above the test binaries");
    }

    private void Git(params string[] arguments) => GitRepository.Run(_dir, arguments);

    [Fact]
    public async Task Diff_reports_the_material_changes_and_exits_1()
    {
        var old = Write("v1/privacy.md", Before);
        var current = Write("v2/privacy.md", After);

        var (code, stdout, stderr) = await Run("diff", old, current);

        Assert.Equal(ExitCodes.Findings, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.EndsWith("privacy.md:3:1: info PL305: 1 material change, but the date is still \"1 March 2026\" [changed-without-new-date]", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("privacy.md:5:1: info PL301: purpose now includes: and to train our AI models [new-ai-training-use]", lines[1], StringComparison.Ordinal);
        Assert.Equal("2 material changes", stderr.Trim());
    }

    [Fact]
    public async Task A_document_diffed_with_itself_or_moved_and_re_worded_has_no_material_change_and_exits_0()
    {
        var example = Path.Combine(RepoRoot(), "examples", "linkedin-style-2024-draft.md");
        var (code, stdout, _) = await Run("diff", example, example);
        Assert.Equal((ExitCodes.Clean, string.Empty), (code, stdout));

        var moved = Write("moved.md", "# Privacy\n\n## Contact\n\nWrite to us.\n\n## Content\n\nWe may use your posts to train our AI models.\n");
        var original = Write("original.md", "# Privacy\n\n## Content\n\nWe may use your posts to train our AI models.\n\n## Contact\n\nWrite to us.\n");
        Assert.Equal(ExitCodes.Clean, (await Run("diff", original, moved)).Code);
    }

    [Fact]
    public async Task The_markdown_report_is_a_pull_request_comment_whose_cells_cannot_break_the_table()
    {
        var old = Write("old.md", "# Privacy\n\nWe use your posts | and <b>tags</b> to improve our services.\n");
        var current = Write("new.md", "# Privacy\n\nWe use your posts | and <b>tags</b> to improve our services and to train our AI models.\n");

        var (code, stdout, _) = await Run("diff", old, current, "--format", "markdown");

        Assert.Equal(ExitCodes.Findings, code);
        var lines = stdout.Split('\n');
        Assert.Equal("### PolicyLsp: 2 material changes in `" + CheckCommand.Display(current) + "`", lines[0]);
        Assert.StartsWith("Compared with `", lines[2], StringComparison.Ordinal);
        Assert.Contains("| Rule | Clause (new version) | What changed | Where (old → new) |", lines);
        var row = Assert.Single(lines, l => l.StartsWith("| PL301 ", StringComparison.Ordinal));
        Assert.Contains("posts \\| and tags", row, StringComparison.Ordinal);
        Assert.Equal(5, row.Where((c, i) => c == '|' && (i == 0 || row[i - 1] != '\\')).Count());
        Assert.Equal("a \\<img src=x onerror=y\\> \\[link\\](u) \\*b\\* \\`c\\` d e", MarkdownChangeReport.Cell("a <img src=x onerror=y> [link](u) *b* `c` d\ne"));
        Assert.Contains(":3 → ", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_as_json_and_sarif_holds_only_material_changes_with_the_old_clause_related()
    {
        var old = Write("old.md", Before);
        var current = Write("new.md", After);

        var json = JsonDocument.Parse((await Run("diff", old, current, "--format", "json")).Stdout).RootElement;
        var codes = json.GetProperty("files")[0].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()).ToList();
        Assert.Equal(["PL305", "PL301"], codes);

        var sarif = JsonDocument.Parse((await Run("diff", old, current, "--format", "sarif")).Stdout).RootElement;
        var result = sarif.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "PL301");
        Assert.Equal("note", result.GetProperty("level").GetString());
        var related = result.GetProperty("relatedLocations")[0].GetProperty("physicalLocation");
        Assert.EndsWith("old.md", related.GetProperty("artifactLocation").GetProperty("uri").GetString(), StringComparison.Ordinal);
        Assert.Equal(5, related.GetProperty("region").GetProperty("startLine").GetInt32());
    }

    [Fact]
    public async Task Diff_with_a_missing_file_or_a_bad_format_exits_2()
    {
        var old = Write("old.md", Before);
        Assert.Equal(ExitCodes.Usage, (await Run("diff", old, Path.Combine(_dir, "missing.md"))).Code);
        Assert.Equal(ExitCodes.Usage, (await Run("diff", old, old, "--format", "html")).Code);
        Assert.Equal(ExitCodes.Usage, (await Run("diff", old)).Code);
    }

    [Fact]
    public async Task Check_since_HEAD_compares_each_file_with_its_committed_version_in_a_git_repository()
    {
        Git("init", "-q");
        var privacy = Write("privacy.md", Before);
        Git("add", ".");
        Git("commit", "-q", "-m", "one");
        Write("privacy.md", After);
        var terms = Write("terms.md", "# Terms\n\nWe may use your chats to train our AI models.\n");

        var (code, stdout, _) = await Run("check", "--since", "HEAD", privacy, terms);

        Assert.Equal(ExitCodes.Findings, code);
        var found = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(':', Path.GetFileName(l.Split(':')[0]), l.Split(':')[1], l.Split(' ')[2].TrimEnd(':'))).ToList();
        Assert.Equal(
            ["privacy.md:3:PL305", "privacy.md:5:PL101", "privacy.md:5:PL102", "privacy.md:5:PL301", "terms.md:3:PL101", "terms.md:3:PL102", "terms.md:3:PL301"],
            found);
        Assert.Contains("new AI-training clause", stdout, StringComparison.Ordinal);

        // Without --since, no comparison and no PL3xx.
        Assert.DoesNotContain("PL3", (await Run("check", privacy)).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_since_says_clearly_when_there_is_no_repository_or_no_such_revision()
    {
        var privacy = Write("privacy.md", Before);
        var (code, _, stderr) = await Run("check", "--since", "HEAD", privacy);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("is not in a git repository", stderr, StringComparison.Ordinal);

        Git("init", "-q");
        Git("add", ".");
        Git("commit", "-q", "-m", "one");
        (code, _, stderr) = await Run("check", "--since", "v9.9", privacy);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("unknown revision \"v9.9\"", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await Run("check", "--since", "--upload-pack=x", privacy);
        Assert.Equal(ExitCodes.Usage, code);
    }
}
