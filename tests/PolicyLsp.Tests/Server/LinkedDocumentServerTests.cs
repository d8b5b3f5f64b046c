using System.Text.Json;

namespace PolicyLsp.Tests.Server;

/// <summary>
/// A policy that links to a regional notice depends on it: editing the notice in the editor (unsaved), closing it, or
/// changing it on disk re-diagnoses the policy, pushed to a client that takes pushes and announced by
/// <c>workspace/diagnostic/refresh</c> to one that pulls.
/// </summary>
public sealed class LinkedDocumentServerTests : IDisposable
{
    private const string Policy = "# Privacy\n\nWe may use your posts to train our AI models. See the [European notice](eu-notice.md).\n";
    private const string NoticeWithoutScope = "# European notice\n\nWe explain our practices here.\n";
    private const string NoticeForEurope = "---\napplies_to: [EU, EEA, UK, CH]\n---\n# European notice\n\nWe do not use your posts to train AI models.\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("policylsp-linked-").FullName;
    private readonly LspTestClient _client = new(debounce: TimeSpan.FromMilliseconds(20));

    public void Dispose()
    {
        _client.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Uri(string name) => LspTestClient.FileUri(Path.Combine(_dir, name));

    private object[] Folders => [new { uri = LspTestClient.FileUri(_dir), name = "root" }];

    private static string[] Codes(JsonElement diagnostics) =>
        [.. diagnostics.EnumerateArray().Select(d => d.GetProperty("code").GetString()!).Order(StringComparer.Ordinal)];

    private Task ChangeAsync(string uri, string text, int version) => _client.NotifyAsync("textDocument/didChange", new
    {
        textDocument = new { uri, version },
        contentChanges = new[] { new { text } },
    });

    /// <summary>Waits until the policy's pushed diagnostics satisfy <paramref name="done"/> (later publications replace earlier ones).</summary>
    private async Task<string[]> PushedUntilAsync(string uri, Func<string[], bool> done)
    {
        while (true)
        {
            var codes = Codes((await _client.DiagnosticsAsync(uri)).GetProperty("diagnostics"));
            if (done(codes))
            {
                return codes;
            }
        }
    }

    [Fact]
    public async Task An_unsaved_edit_of_a_linked_notice_re_diagnoses_the_linking_policy_that_is_pushed_to()
    {
        File.WriteAllText(Path.Combine(_dir, "privacy.md"), Policy);
        File.WriteAllText(Path.Combine(_dir, "eu-notice.md"), NoticeWithoutScope);
        await _client.InitializeAsync(new { }, workspaceFolders: Folders);

        await _client.OpenAsync(Uri("privacy.md"), Policy);
        Assert.Contains("PL101", await PushedUntilAsync(Uri("privacy.md"), c => c.Contains("PL101")));

        // The notice is opened and edited in the editor, never saved: the policy reads the buffer.
        await _client.OpenAsync(Uri("eu-notice.md"), NoticeWithoutScope);
        await ChangeAsync(Uri("eu-notice.md"), NoticeForEurope, version: 2);
        Assert.DoesNotContain("PL101", await PushedUntilAsync(Uri("privacy.md"), c => !c.Contains("PL101")));
        Assert.Equal(NoticeWithoutScope, File.ReadAllText(Path.Combine(_dir, "eu-notice.md")));

        // Closing the unsaved buffer brings back the file on disk, which has no carve-out.
        await _client.NotifyAsync("textDocument/didClose", new { textDocument = new { uri = Uri("eu-notice.md") } });
        Assert.Contains("PL101", await PushedUntilAsync(Uri("privacy.md"), c => c.Contains("PL101")));

        // The notice changes on disk (a checkout) and the client reports it.
        File.WriteAllText(Path.Combine(_dir, "eu-notice.md"), NoticeForEurope);
        await _client.NotifyAsync("workspace/didChangeWatchedFiles", new { changes = new[] { new { uri = Uri("eu-notice.md"), type = 2 } } });
        Assert.DoesNotContain("PL101", await PushedUntilAsync(Uri("privacy.md"), c => !c.Contains("PL101")));
    }

    [Fact]
    public async Task A_pulling_client_is_asked_to_refresh_and_the_policy_s_next_pull_is_full_and_current()
    {
        File.WriteAllText(Path.Combine(_dir, "privacy.md"), Policy);
        File.WriteAllText(Path.Combine(_dir, "eu-notice.md"), NoticeWithoutScope);
        await _client.InitializeAsync(LspTestClient.FullCapabilities, workspaceFolders: Folders);
        await _client.OpenAsync(Uri("privacy.md"), Policy);

        var first = await _client.RequestAsync("textDocument/diagnostic", new { textDocument = new { uri = Uri("privacy.md") } });
        Assert.Contains("PL101", Codes(first.GetProperty("items")));
        var firstId = first.GetProperty("resultId").GetString();

        await _client.OpenAsync(Uri("eu-notice.md"), NoticeWithoutScope);
        await ChangeAsync(Uri("eu-notice.md"), NoticeForEurope, version: 2);
        await _client.Requests.WaitForAsync("workspace/diagnostic/refresh");

        var second = await _client.RequestAsync("textDocument/diagnostic", new { textDocument = new { uri = Uri("privacy.md") }, previousResultId = firstId });
        Assert.Equal("full", second.GetProperty("kind").GetString());
        Assert.DoesNotContain("PL101", Codes(second.GetProperty("items")));
    }

    [Fact]
    public async Task The_server_announces_inter_file_dependencies_and_watches_markdown_files()
    {
        var result = await _client.InitializeAsync(LspTestClient.FullCapabilities, workspaceFolders: Folders);
        Assert.True(result.GetProperty("capabilities").GetProperty("diagnosticProvider").GetProperty("interFileDependencies").GetBoolean());

        var registration = (await _client.Requests.WaitForAsync("client/registerCapability"))[0];
        var globs = registration.GetProperty("registrations")[0].GetProperty("registerOptions").GetProperty("watchers")
            .EnumerateArray().Select(w => w.GetProperty("globPattern").GetString()).ToList();
        Assert.Contains("**/*.{md,markdown}", globs);
    }

    [Fact]
    public async Task A_buffer_outside_the_workspace_is_not_read_through_a_link()
    {
        var outside = Directory.CreateTempSubdirectory("policylsp-linked-outside-").FullName;
        try
        {
            var policy = "# Privacy\n\nWe may use your posts to train our AI models. See the [notice](../" + Path.GetFileName(outside) + "/eu-notice.md).\n";
            File.WriteAllText(Path.Combine(_dir, "privacy.md"), policy);
            await _client.InitializeAsync(new { }, workspaceFolders: Folders);
            await _client.OpenAsync(LspTestClient.FileUri(Path.Combine(outside, "eu-notice.md")), NoticeForEurope);
            await _client.OpenAsync(Uri("privacy.md"), policy);
            Assert.Contains("PL101", await PushedUntilAsync(Uri("privacy.md"), c => c.Length > 0));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }
}
