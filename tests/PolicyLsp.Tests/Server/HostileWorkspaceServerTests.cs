using System.Text.Json;

namespace PolicyLsp.Tests.Server;

/// <summary>
/// The server over a hostile workspace (FIFOs, device links, folder loops, links out of the workspace): requests are
/// answered within the client's timeout, refused files are skipped, and the good files still get their findings.
/// </summary>
public sealed class HostileWorkspaceServerTests : IDisposable
{
    private const string Policy = "# Privacy\n\nWe may use your posts to train our AI models.\n";
    private const string RegionalNotice = "---\napplies_to: [EU, EEA, UK, CH]\n---\n# European notice\n\nWe do not use your posts to train AI models.\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("policylsp-hostile-ws-").FullName;

    private HostileTree Tree => new(_dir);

    private string Write(string relative, string text) => Tree.Write(relative, text);

    private void Fifo(string relative) => Tree.Fifo(relative);

    private void Link(string relative, string target) => Tree.Link(relative, target);
    private readonly LspTestClient _client = new();

    public void Dispose()
    {
        _client.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Uri(string name) => LspTestClient.FileUri(Path.Combine(_dir, name));

    [Fact]
    public async Task Workspace_diagnostic_over_a_hostile_tree_answers_and_reports_the_good_files()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Write("privacy.md", Policy + "\nSee the [EU notice](eu-notice.md) and [this](eu%00.md).\n");
        Fifo("eu-notice.md");
        Fifo("sub/privacy-pipe.md");
        Link("sub/terms-zero.md", "/dev/zero");
        Link("sub/a", ".");
        Link("sub/b", "..");
        Link("sub/root", "/");
        Write("sub/privacy-deep.md", "---\nx: " + new string('[', 100_000) + new string(']', 100_000) + "\n---\n" + Policy);
        Write("legal/terms.md", Policy);
        Fifo("other/.policylsp.json");
        Write("other/privacy.md", Policy);
        Write(".policylsp.json", "{\n  \"policyFiles\": [\"[z-a]*.md\", \"**/*privacy*.md\", \"**/*terms*.md\"]\n}");

        await _client.InitializeAsync(LspTestClient.FullCapabilities, workspaceFolders: [new { uri = LspTestClient.FileUri(_dir), name = "root" }]);
        var report = await _client.RequestAsync("workspace/diagnostic", new { previousResultIds = Array.Empty<object>() });

        var items = report.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("uri").GetString()!);
        Assert.Equal(
            [Uri("legal/terms.md"), Uri("other/privacy.md"), Uri("privacy.md"), Uri("sub/privacy-deep.md")],
            items.Keys.Order(StringComparer.Ordinal));
        foreach (var item in items.Values)
        {
            Assert.Contains(item.GetProperty("items").EnumerateArray(), d => d.GetProperty("code").GetString() == "PL101");
        }

        // The server still answers after the scan.
        var symbols = await _client.RequestAsync("textDocument/documentSymbol", new { textDocument = new { uri = Uri("legal/terms.md") } });
        Assert.Equal(JsonValueKind.Array, symbols.ValueKind);
    }

    [Fact]
    public async Task Pulling_a_device_answers_with_no_findings()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        await _client.InitializeAsync(LspTestClient.FullCapabilities, workspaceFolders: [new { uri = LspTestClient.FileUri(_dir), name = "root" }]);
        var report = await _client.RequestAsync("textDocument/diagnostic", new { textDocument = new { uri = "file:///dev/zero" } });
        Assert.Equal("full", report.GetProperty("kind").GetString());
        Assert.Empty(report.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task An_open_policy_linking_to_a_FIFO_is_diagnosed_and_the_server_still_shuts_down()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Fifo("eu-notice.md");
        Link("zero.md", "/dev/zero");
        await _client.InitializeAsync(LspTestClient.FullCapabilities, workspaceFolders: [new { uri = LspTestClient.FileUri(_dir), name = "root" }]);
        var text = Policy + "\nSubject to our [EU notice](eu-notice.md), [this](zero.md) and [that](eu%00.md).\n";
        await _client.OpenAsync(Uri("privacy.md"), text);

        var pulled = await _client.RequestAsync("textDocument/diagnostic", new { textDocument = new { uri = Uri("privacy.md") } });
        Assert.Contains(pulled.GetProperty("items").EnumerateArray(), d => d.GetProperty("code").GetString() == "PL101");
        var hover = await _client.RequestAsync("textDocument/hover", new { textDocument = new { uri = Uri("privacy.md") }, position = new { line = 2, character = 5 } });
        Assert.Contains("PL101", hover.GetProperty("contents").GetProperty("value").GetString(), StringComparison.Ordinal);
        await _client.RequestAsync("shutdown");
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("/dev/zero")]
    public async Task A_config_that_is_a_FIFO_or_a_device_is_reported_and_defaults_apply(string kind)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        if (kind == "fifo")
        {
            Fifo(".policylsp.json");
        }
        else
        {
            Link(".policylsp.json", kind);
        }

        await _client.InitializeAsync();
        await _client.OpenAsync(Uri("privacy.md"), Policy);
        var published = await _client.DiagnosticsAsync(Uri("privacy.md"), 1);
        Assert.Contains(published.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString() == "PL101");
        var shown = Assert.Single(await _client.Requests.WaitForAsync("window/showMessage"));
        Assert.Contains("cannot read config: not a regular file", shown.GetProperty("message").GetString(), StringComparison.Ordinal);
        await _client.RequestAsync("shutdown");
    }

    [Fact]
    public async Task Findings_past_the_cap_are_published_with_one_diagnostic_that_says_so()
    {
        Write(".policylsp.json", "{ \"maxFindingsPerDocument\": 3 }");
        await _client.InitializeAsync();
        var text = "# Privacy\n\n" + string.Concat(Enumerable.Repeat("- We may use your posts to train our AI models.\n", 10));
        await _client.OpenAsync(Uri("privacy.md"), text);
        var diagnostics = (await _client.DiagnosticsAsync(Uri("privacy.md"), 1)).GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Equal(4, diagnostics.Count);
        var capped = Assert.Single(diagnostics, d => d.GetProperty("code").GetString() == "findings-capped");
        Assert.Contains("3 findings shown, 17 more not", capped.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Links_out_of_the_workspace_are_not_followed_unless_the_user_allows_the_folder()
    {
        var outside = Directory.CreateTempSubdirectory("policylsp-outside-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outside, "eu.md"), RegionalNotice);
            var repo = Path.Combine(_dir, "repo");
            Directory.CreateDirectory(repo);
            var relative = Path.GetRelativePath(repo, Path.Combine(outside, "eu.md")).Replace('\\', '/');
            var text = $"# Privacy\n\nWe may use your posts to train our AI models, subject to our [European notice]({relative}).\n";
            var uri = LspTestClient.FileUri(Path.Combine(repo, "privacy.md"));

            _client.Requests.Settings = LspTestClient.ServerRequests.Json(new { debounceMs = 0 });
            await _client.InitializeAsync(LspTestClient.FullCapabilities, workspaceFolders: [new { uri = LspTestClient.FileUri(repo), name = "repo" }]);
            await _client.OpenAsync(uri, text);
            var pulled = await _client.RequestAsync("textDocument/diagnostic", new { textDocument = new { uri } });
            var diagnostic = Assert.Single(pulled.GetProperty("items").EnumerateArray(), d => d.GetProperty("code").GetString() == "PL101");
            Assert.DoesNotContain(outside, diagnostic.GetRawText(), StringComparison.Ordinal);

            await _client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { policyLsp = new { linkRoots = new[] { outside } } } });
            await _client.Requests.WaitForAsync("workspace/diagnostic/refresh", 2);
            pulled = await _client.RequestAsync("textDocument/diagnostic", new { textDocument = new { uri } });
            Assert.DoesNotContain(pulled.GetProperty("items").EnumerateArray(), d => d.GetProperty("code").GetString() == "PL101");
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

}
