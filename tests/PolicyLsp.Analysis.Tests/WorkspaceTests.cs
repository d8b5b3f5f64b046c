using System.Text.Json;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Workspace;

namespace PolicyLsp.Analysis.Tests;

/// <summary>
/// The engine's one door for front ends: settings resolved in one place, links read from open buffers before the disk,
/// the graph of linking documents, and the plain-data queries (outline, explanation).
/// </summary>
public sealed class WorkspaceTests : IDisposable
{
    private const string Policy = "# Privacy Policy\n\n## AI\n\nWe may use your posts to train our AI models, subject to our [European notice](eu-notice.md#ai).\n";
    private const string CarvedNotice = "---\napplies_to: [EU, EEA, UK, CH]\n---\n# European notice\n\nWe do not use your posts to train AI models unless you opt in.\n";

    private readonly string _root = Directory.CreateTempSubdirectory("policylsp-workspace-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void The_nearest_config_file_applies_and_a_changed_one_is_read_again()
    {
        Write(ConfigReader.FileName, """{ "rules": { "PL101": "off" } }""");
        var policy = Write("docs/policy.md", Policy);
        var problems = new List<AnalysisProblem>();
        var workspace = new PolicyWorkspace(new ConfigResolver(report: problems.Add));

        Assert.DoesNotContain(workspace.AnalyzeFile(policy, out _)!.Result.Findings, f => f.Code == "PL101");
        var before = workspace.Configuration.Generation;

        // Same length, later time: the stamp differs, so the file is read again without an invalidation.
        File.WriteAllText(Path.Combine(_root, ConfigReader.FileName), """{ "rules": { "PL101": "warn" } }""");
        File.SetLastWriteTimeUtc(Path.Combine(_root, ConfigReader.FileName), DateTime.UtcNow.AddMinutes(1));
        Assert.Contains(workspace.AnalyzeFile(policy, out _)!.Result.Findings, f => f.Code == "PL101");
        workspace.Configuration.Invalidate();
        Assert.True(workspace.Configuration.Generation > before);
        Assert.Empty(problems);
    }

    [Fact]
    public void Only_the_most_recently_analysed_open_documents_keep_their_parse_and_the_others_read_theirs_whole_again()
    {
        var workspace = new PolicyWorkspace(new ConfigResolver(), warmDocuments: 2);
        var texts = new[] { "a", "b", "c" }.ToDictionary(name => name, name => $"# {name}\n\n{Policy}\n## More\n\nYou can opt out of marketing emails at any time.\n");
        foreach (var (location, text) in texts)
        {
            workspace.Open(location);
            workspace.Analyze(location, text);
        }

        Assert.Equal(2, workspace.WarmDocuments);

        // "c" and "b" are warm: an unchanged analysis classifies nothing again. "a" was the least recently used: read whole.
        workspace.Analyze("c", texts["c"]);
        Assert.Equal(0, workspace.CacheOf("c")!.LastRun.Classified);
        var again = workspace.Analyze("a", texts["a"]).Result;
        Assert.Equal(0, workspace.CacheOf("a")!.LastRun.Reused);
        Assert.True(workspace.CacheOf("a")!.LastRun.Classified > 0);
        Assert.Equal(2, workspace.WarmDocuments);

        // Then "b" is the oldest and has dropped its chunks; what it finds is what a fresh analysis finds.
        var fresh = PolicyAnalyzer.Analyze(texts["b"]);
        var b = workspace.Analyze("b", texts["b"]).Result;
        Assert.Equal(0, workspace.CacheOf("b")!.LastRun.Reused);
        Assert.Equal(fresh.Findings.Select(f => (f.Code, f.Span, f.Message)), b.Findings.Select(f => (f.Code, f.Span, f.Message)));
        Assert.Equal(fresh.Findings.Count, again.Findings.Count);
        Assert.NotEmpty(b.Findings);

        // A closed document no longer counts; its place goes to the next one analysed.
        workspace.Close("a");
        Assert.Equal(1, workspace.WarmDocuments);
        Assert.Null(workspace.CacheOf("a"));
    }

    [Fact]
    public void A_broken_config_is_reported_once_per_version_and_the_defaults_apply()
    {
        Write(ConfigReader.FileName, "{ not json");
        var policy = Write("policy.md", Policy);
        var problems = new List<AnalysisProblem>();
        var workspace = new PolicyWorkspace(new ConfigResolver(report: problems.Add));

        workspace.AnalyzeFile(policy, out _);
        var analysis = workspace.AnalyzeFile(policy, out _)!;

        var problem = Assert.Single(problems);
        Assert.Contains("not valid JSON", problem.Message);
        Assert.Contains(analysis.Result.Findings, f => f.Code == "PL101");
    }

    [Fact]
    public void An_explicit_config_wins_over_the_files_and_the_editor_settings_go_on_top()
    {
        Write(ConfigReader.FileName, """{ "rules": { "PL101": "off" } }""");
        var policy = Write("policy.md", Policy);
        var given = ConfigReader.Parse("""{ "rules": { "PL102": "off" } }""", "given.json", PolicyConfig.Default, []);
        var resolver = new ConfigResolver(given);
        Assert.False(resolver.For(policy).Rules["PL102"].Enabled);
        Assert.False(resolver.For(policy).Rules.ContainsKey("PL101"));

        var editor = new ConfigResolver();
        var generation = editor.Generation;
        editor.SetOverlay(JsonDocument.Parse("""{ "rules": { "PL101": "error" } }""").RootElement);
        Assert.True(editor.Generation > generation);
        Assert.Equal(new RuleSetting(true, Severity.Error), editor.For(policy).Rules["PL101"]);
        editor.SetOverlay(null);
        Assert.False(editor.For(policy).Rules["PL101"].Enabled);
    }

    [Fact]
    public void A_linked_notice_open_in_the_editor_is_read_before_the_disk()
    {
        var policy = Write("policy.md", Policy);
        var notice = Write("eu-notice.md", "# European notice\n\nNothing about training yet.\n");
        var buffers = new Dictionary<string, LinkedDocument>();
        var workspace = new PolicyWorkspace(new ConfigResolver(), new OverlayFiles(path => buffers.GetValueOrDefault(path)));

        Assert.Contains(workspace.AnalyzeFile(policy, out _)!.Result.Findings, f => f.Code == "PL101");

        // The notice is edited, not saved: the buffer's carve-out counts.
        buffers[notice] = new LinkedDocument(notice, CarvedNotice);
        Assert.DoesNotContain(workspace.AnalyzeFile(policy, out _)!.Result.Findings, f => f.Code == "PL101");
    }

    [Fact]
    public void The_workspace_knows_which_open_documents_link_to_a_changed_one()
    {
        var policy = Write("policy.md", Policy);
        var notice = Write("eu-notice.md", CarvedNotice);
        var other = Write("other.md", "# Other\n\nWe use cookies.\n");
        var workspace = new PolicyWorkspace(new ConfigResolver());

        // Not open: analysed, but kept out of the graph (a workspace scan's files come and go).
        var analysis = workspace.AnalyzeFile(policy, out _)!;
        Assert.Contains(notice, analysis.Dependencies);
        Assert.Empty(workspace.DependentsOf(notice));

        workspace.Open(policy);
        workspace.AnalyzeFile(policy, out _);
        Assert.Equal([policy], workspace.DependentsOf(notice));
        Assert.Empty(workspace.DependentsOf(other));
        Assert.Empty(workspace.DependentsOf(policy));

        workspace.Close(policy);
        Assert.Empty(workspace.DependentsOf(notice));
    }

    [Fact]
    public void Links_lead_only_inside_the_roots()
    {
        var inside = Write("site/policy.md", "# Privacy Policy\n\nWe may use your posts to train our AI models, subject to our [notice](../notice.md).\n");
        Write("notice.md", CarvedNotice);

        // No roots given: the document's folder (and its config's): the notice one level up is out of reach.
        var confined = new PolicyWorkspace(new ConfigResolver());
        Assert.Contains(confined.AnalyzeFile(inside, out _)!.Result.Findings, f => f.Code == "PL101");

        var wide = new PolicyWorkspace(new ConfigResolver(), roots: () => [_root]);
        Assert.DoesNotContain(wide.AnalyzeFile(inside, out _)!.Result.Findings, f => f.Code == "PL101");

        // A config at the root widens the reach to its folder, as check does for the files it governs.
        Write(ConfigReader.FileName, "{}");
        Assert.Equal([Path.Combine(_root, "site"), _root], confined.LinkRootsFor(inside, PolicyConfig.Default));
    }

    [Fact]
    public void A_file_the_reader_refuses_is_an_error_not_an_exception()
    {
        var workspace = new PolicyWorkspace(new ConfigResolver());
        Assert.Null(workspace.AnalyzeFile(Path.Combine(_root, "missing.md"), out var error));
        Assert.NotNull(error);
        Assert.Null(workspace.AnalyzeFile(_root, out error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Outline_and_explanation_are_plain_data()
    {
        var workspace = new PolicyWorkspace(new ConfigResolver());
        var result = workspace.Analyze("policy.md", "# Privacy Policy\n\n## AI\n\nWe use your posts to train our AI models.\n").Result;

        var top = Assert.Single(OutlineEntry.Of(result));
        Assert.Equal(OutlineKind.Section, top.Kind);
        var ai = Assert.Single(top.Children!);
        Assert.Equal("AI", ai.Name);
        var clause = Assert.Single(ai.Children!);
        Assert.Equal(OutlineKind.AiTrainingClause, clause.Kind);
        Assert.StartsWith("AI-training clause: We use your posts", clause.Name, StringComparison.Ordinal);

        var sentence = Assert.Single(Explanation.OfLine(result, 5));
        Assert.Equal("AI", sentence.Section);
        Assert.Contains(sentence.Matches, m => m.Set == "ai.strongVerbs" && m.Words.Contains("train"));
        var explained = Assert.Single(sentence.Clauses);
        Assert.Equal("AI-training clause", explained.Family);
        Assert.Equal(["EU", "EEA", "UK", "CH"], explained.CarveOutMissing);
        Assert.Empty(Explanation.OfLine(result, 1).SelectMany(s => s.Clauses));
    }
}
