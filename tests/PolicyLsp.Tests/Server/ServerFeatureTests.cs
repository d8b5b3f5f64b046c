using System.Diagnostics;
using System.Text.Json;
using PolicyLsp.Server;
using StreamJsonRpc;

namespace PolicyLsp.Tests.Server;

/// <summary>Pull diagnostics, editor settings, watched config files, cancellation and the client-process watch.</summary>
public sealed class ServerFeatureTests : IDisposable
{
    private const string Policy = "# Privacy\n\nWe may use your posts to train our AI models.\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("policylsp-features-").FullName;
    private readonly LspTestClient _client = new();

    public void Dispose()
    {
        _client.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Uri(string name = "privacy.md") => LspTestClient.FileUri(Path.Combine(_dir, name));

    private string RootUri => LspTestClient.FileUri(_dir);

    [Fact]
    public async Task Initialize_advertises_pull_diagnostics()
    {
        var result = await _client.InitializeAsync();
        var provider = result.GetProperty("capabilities").GetProperty("diagnosticProvider");
        Assert.Equal("policylsp", provider.GetProperty("identifier").GetString());
        Assert.True(provider.GetProperty("interFileDependencies").GetBoolean());
        Assert.True(provider.GetProperty("workspaceDiagnostics").GetBoolean());
    }

    [Fact]
    public async Task Pull_diagnostics_are_full_then_unchanged_then_full_after_an_edit_and_nothing_is_pushed()
    {
        await _client.InitializeAsync(LspTestClient.FullCapabilities, RootUri);
        await _client.OpenAsync(Uri(), Policy, version: 1);

        var first = await PullAsync(Uri());
        Assert.Equal("full", first.GetProperty("kind").GetString());
        var resultId = first.GetProperty("resultId").GetString();
        Assert.StartsWith("1-", resultId, StringComparison.Ordinal);
        Assert.Contains(first.GetProperty("items").EnumerateArray(), d => d.GetProperty("code").GetString() == "PL101");

        var second = await PullAsync(Uri(), resultId);
        Assert.Equal("unchanged", second.GetProperty("kind").GetString());
        Assert.Equal(resultId, second.GetProperty("resultId").GetString());
        Assert.False(second.TryGetProperty("items", out _));

        await _client.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri = Uri(), version = 2 },
            contentChanges = new object[] { new { text = "# Privacy\n\nWe collect your email to send receipts.\n" } },
        });
        var third = await PullAsync(Uri(), resultId);
        Assert.Equal("full", third.GetProperty("kind").GetString());
        Assert.NotEqual(resultId, third.GetProperty("resultId").GetString());
        Assert.StartsWith("2-", third.GetProperty("resultId").GetString(), StringComparison.Ordinal);
        Assert.Empty(third.GetProperty("items").EnumerateArray());

        // A client that pulls never gets pushed diagnostics, not even on close.
        await _client.NotifyAsync("textDocument/didClose", new { textDocument = new { uri = Uri() } });
        await _client.RequestAsync("textDocument/documentSymbol", new { textDocument = new { uri = Uri() } });
        Assert.Equal(0, _client.PublishedCount);
    }

    [Fact]
    public async Task Pull_for_a_document_that_is_not_open_reads_the_file()
    {
        File.WriteAllText(Path.Combine(_dir, "privacy.md"), Policy);
        await _client.InitializeAsync(LspTestClient.FullCapabilities, RootUri);
        var report = await PullAsync(Uri());
        Assert.Equal("full", report.GetProperty("kind").GetString());
        Assert.Contains(report.GetProperty("items").EnumerateArray(), d => d.GetProperty("code").GetString() == "PL101");
        var again = await PullAsync(Uri(), report.GetProperty("resultId").GetString());
        Assert.Equal("unchanged", again.GetProperty("kind").GetString());

        var missing = await PullAsync(Uri("missing.md"));
        Assert.Empty(missing.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Workspace_diagnostics_report_only_policy_files_and_open_documents_use_their_text()
    {
        File.WriteAllText(Path.Combine(_dir, "privacy.md"), Policy);
        File.WriteAllText(Path.Combine(_dir, "README.md"), Policy);
        Directory.CreateDirectory(Path.Combine(_dir, "legal"));
        File.WriteAllText(Path.Combine(_dir, "legal", "terms.md"), "# Terms\n\nBe nice.\n");
        Directory.CreateDirectory(Path.Combine(_dir, "node_modules"));
        File.WriteAllText(Path.Combine(_dir, "node_modules", "privacy.md"), Policy);
        await _client.InitializeAsync(LspTestClient.FullCapabilities, workspaceFolders: [new { uri = RootUri, name = "root" }]);

        var report = await _client.RequestAsync("workspace/diagnostic", new { previousResultIds = Array.Empty<object>() });
        var items = report.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("uri").GetString()!);
        Assert.Equal([Uri("legal/terms.md"), Uri("privacy.md")], items.Keys.Order(StringComparer.Ordinal));
        var privacy = items[Uri("privacy.md")];
        Assert.Equal("full", privacy.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, privacy.GetProperty("version").ValueKind);
        Assert.Contains(privacy.GetProperty("items").EnumerateArray(), d => d.GetProperty("code").GetString() == "PL101");

        // Unchanged files are reported as unchanged; an open document is reported from its (different) in-memory text.
        await _client.OpenAsync(Uri("legal/terms.md"), "# Terms\n\nWe may use your posts to train our AI models.\n", version: 4);
        var previous = items.Values.Select(i => new { uri = i.GetProperty("uri").GetString(), value = i.GetProperty("resultId").GetString() }).ToArray();
        report = await _client.RequestAsync("workspace/diagnostic", new { previousResultIds = previous });
        items = report.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("uri").GetString()!);
        Assert.Equal("unchanged", items[Uri("privacy.md")].GetProperty("kind").GetString());
        var terms = items[Uri("legal/terms.md")];
        Assert.Equal("full", terms.GetProperty("kind").GetString());
        Assert.Equal(4, terms.GetProperty("version").GetInt32());
        Assert.Contains(terms.GetProperty("items").EnumerateArray(), d => d.GetProperty("code").GetString() == "PL101");

        // A file that disappeared is cleared.
        File.Delete(Path.Combine(_dir, "privacy.md"));
        report = await _client.RequestAsync("workspace/diagnostic", new { previousResultIds = previous });
        var gone = Assert.Single(report.GetProperty("items").EnumerateArray(), i => i.GetProperty("uri").GetString() == Uri("privacy.md"));
        Assert.Equal("full", gone.GetProperty("kind").GetString());
        Assert.Empty(gone.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Editor_settings_from_workspace_configuration_change_the_severity()
    {
        _client.Requests.Settings = LspTestClient.ServerRequests.Json(new { rules = new { PL101 = "error" }, debounceMs = 0 });
        await _client.InitializeAsync(LspTestClient.FullCapabilities, RootUri);
        var asked = Assert.Single(await _client.Requests.WaitForAsync("workspace/configuration"));
        Assert.Equal("policyLsp", asked.GetProperty("items")[0].GetProperty("section").GetString());
        await _client.Requests.WaitForAsync("workspace/diagnostic/refresh");
        await _client.OpenAsync(Uri(), Policy);

        var report = await PullAsync(Uri());
        var diagnostic = Assert.Single(report.GetProperty("items").EnumerateArray(), d => d.GetProperty("code").GetString() == "PL101");
        Assert.Equal(1, diagnostic.GetProperty("severity").GetInt32());
        Assert.Empty(_client.Requests.Received("window/showMessage"));

        // didChangeConfiguration without the section: the server asks again, then asks the client to pull again.
        _client.Requests.Settings = LspTestClient.ServerRequests.Json(new { rules = new { PL101 = "info" } });
        await _client.NotifyAsync("workspace/didChangeConfiguration", new { settings = (object?)null });
        await _client.Requests.WaitForAsync("workspace/diagnostic/refresh", 2);
        report = await PullAsync(Uri(), report.GetProperty("resultId").GetString());
        Assert.Equal("full", report.GetProperty("kind").GetString());
        diagnostic = Assert.Single(report.GetProperty("items").EnumerateArray(), d => d.GetProperty("code").GetString() == "PL101");
        Assert.Equal(3, diagnostic.GetProperty("severity").GetInt32());
    }

    [Fact]
    public async Task Editor_settings_in_didChangeConfiguration_apply_over_the_project_file_and_are_pushed()
    {
        File.WriteAllText(Path.Combine(_dir, ".policylsp.json"), "{ \"rules\": { \"PL102\": \"off\" } }");
        await _client.InitializeAsync();
        await _client.OpenAsync(Uri(), Policy);
        var published = await _client.DiagnosticsAsync(Uri(), 1);
        Assert.Equal(2, Assert.Single(published.GetProperty("diagnostics").EnumerateArray()).GetProperty("severity").GetInt32());

        await _client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { policyLsp = new { rules = new { PL101 = "error" } } } });
        published = await _client.DiagnosticsAsync(Uri(), 1);
        var diagnostic = Assert.Single(published.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal("PL101", diagnostic.GetProperty("code").GetString());
        Assert.Equal(1, diagnostic.GetProperty("severity").GetInt32());
    }

    [Fact]
    public async Task Bad_editor_settings_and_broken_config_files_are_shown_to_the_user()
    {
        await _client.InitializeAsync();
        await _client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { policyLsp = new { rules = new { PL101 = "loud" }, bogus = 1 } } });
        var messages = await _client.Requests.WaitForAsync("window/showMessage", 2);
        Assert.All(messages, m => Assert.Equal(2, m.GetProperty("type").GetInt32()));
        Assert.Contains(messages, m => m.GetProperty("message").GetString()!.Contains("bogus", StringComparison.Ordinal));

        File.WriteAllText(Path.Combine(_dir, ".policylsp.json"), "{ \"rules\": ");
        await _client.OpenAsync(Uri(), Policy);
        await _client.DiagnosticsAsync(Uri(), 1);
        messages = await _client.Requests.WaitForAsync("window/showMessage", 3);
        var error = Assert.Single(messages, m => m.GetProperty("type").GetInt32() == 1);
        Assert.Contains(".policylsp.json", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watched_config_change_drops_the_cache_reanalyses_and_refreshes()
    {
        var configPath = Path.Combine(_dir, ".policylsp.json");
        File.WriteAllText(configPath, "{ \"rules\": { \"PL102\": \"off\" } }");
        await _client.InitializeAsync(LspTestClient.FullCapabilities, RootUri);
        var registration = Assert.Single(await _client.Requests.WaitForAsync("client/registerCapability"));
        var registered = registration.GetProperty("registrations")[0];
        Assert.Equal("workspace/didChangeWatchedFiles", registered.GetProperty("method").GetString());
        Assert.Equal("**/.policylsp.json", registered.GetProperty("registerOptions").GetProperty("watchers")[0].GetProperty("globPattern").GetString());

        await _client.OpenAsync(Uri(), Policy);
        var before = await PullAsync(Uri());
        Assert.Equal(2, Assert.Single(before.GetProperty("items").EnumerateArray()).GetProperty("severity").GetInt32());
        var refreshes = _client.Requests.Received("workspace/diagnostic/refresh").Count;

        // Same length and (possibly) the same timestamp: only the notification makes the server reload it.
        File.WriteAllText(configPath, "{ \"rules\": { \"PL102\": \"off\", \"PL101\": \"error\" } }");
        File.SetLastWriteTimeUtc(configPath, File.GetLastWriteTimeUtc(configPath));
        await _client.NotifyAsync("workspace/didChangeWatchedFiles", new { changes = new[] { new { uri = LspTestClient.FileUri(configPath), type = 2 } } });
        await _client.Requests.WaitForAsync("workspace/diagnostic/refresh", refreshes + 1);
        var after = await PullAsync(Uri(), before.GetProperty("resultId").GetString());
        Assert.Equal("full", after.GetProperty("kind").GetString());
        Assert.Equal(1, Assert.Single(after.GetProperty("items").EnumerateArray()).GetProperty("severity").GetInt32());
    }

    [Fact]
    public async Task Watched_config_change_repushes_for_a_push_client()
    {
        var configPath = Path.Combine(_dir, ".policylsp.json");
        await _client.InitializeAsync();
        await _client.OpenAsync(Uri(), Policy);
        Assert.Equal(2, (await _client.DiagnosticsAsync(Uri(), 1)).GetProperty("diagnostics").GetArrayLength());
        File.WriteAllText(configPath, "{ \"rules\": { \"PL102\": \"off\" } }");
        await _client.NotifyAsync("workspace/didChangeWatchedFiles", new { changes = new[] { new { uri = LspTestClient.FileUri(configPath), type = 1 } } });
        Assert.Equal(1, (await _client.DiagnosticsAsync(Uri(), 1)).GetProperty("diagnostics").GetArrayLength());
    }

    [Fact]
    public async Task Cancelled_workspace_diagnostic_ends_with_RequestCancelled_and_the_server_goes_on()
    {
        File.WriteAllText(Path.Combine(_dir, "privacy.md"), Policy);
        using var raw = new RawLspConnection();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        raw.Server.Context.BeforeWorkspaceFile = async (_, token) =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
        };
        await raw.InitializeAsync(new { processId = (int?)null, rootUri = RootUri, capabilities = new { } });

        await raw.SendAsync(new { jsonrpc = "2.0", id = 10, method = "workspace/diagnostic", @params = new { previousResultIds = Array.Empty<object>() } });
        await entered.Task.WaitAsync(LspTestClient.Timeout);
        await raw.SendAsync(new { jsonrpc = "2.0", method = "$/cancelRequest", @params = new { id = 10 } });
        var cancelled = await raw.ResponseAsync(10);
        Assert.Equal(-32800, cancelled.GetProperty("error").GetProperty("code").GetInt32());

        raw.Server.Context.BeforeWorkspaceFile = null;
        await raw.SendAsync(new { jsonrpc = "2.0", id = 11, method = "workspace/diagnostic", @params = new { previousResultIds = Array.Empty<object>() } });
        var report = await raw.ResponseAsync(11);
        Assert.Single(report.GetProperty("result").GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Unknown_dollar_notifications_are_ignored()
    {
        await _client.InitializeAsync();
        await _client.NotifyAsync("$/unknownNotification", new { value = 1 });
        await _client.NotifyAsync("$/setTrace", new { value = "verbose" });
        await _client.NotifyAsync("$/cancelRequest", new { id = 12345 });
        var unknown = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => _client.RequestAsync("$/unknownRequest", new { }));
        Assert.Equal(-32601, (int)unknown.ErrorCode);
        await _client.OpenAsync(Uri(), Policy);
        await _client.DiagnosticsAsync(Uri(), 1);
    }

    [Fact]
    public async Task Server_stops_when_the_client_process_dies()
    {
        using var client = new LspTestClient(clientProcessPoll: TimeSpan.FromMilliseconds(100));
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        await client.InitializeAsync(new { }, processId: sleeper.Id);
        await Task.Delay(300);
        Assert.False(client.Server.Completion.IsCompleted);
        sleeper.Kill();
        await sleeper.WaitForExitAsync();
        await client.Server.Completion.WaitAsync(LspTestClient.Timeout);
        Assert.True(client.Server.ClientProcessExited);
    }

    [Fact]
    public async Task A_client_process_that_is_not_visible_is_not_watched()
    {
        using var client = new LspTestClient(clientProcessPoll: TimeSpan.FromMilliseconds(50));
        await client.InitializeAsync(new { }, processId: int.MaxValue - 7);
        await Task.Delay(300);
        Assert.False(client.Server.Completion.IsCompleted);
    }

    private async Task<JsonElement> PullAsync(string uri, string? previousResultId = null) =>
        await _client.RequestAsync("textDocument/diagnostic", new { textDocument = new { uri }, identifier = "policylsp", previousResultId });
}
