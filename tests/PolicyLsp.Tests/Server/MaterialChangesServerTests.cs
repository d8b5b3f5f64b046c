using System.Text.Json;

namespace PolicyLsp.Tests.Server;

/// <summary>
/// "New since the last commit" in the editor: an open policy is compared with its committed version (the
/// <c>compareWith</c> setting, HEAD by default) and the PL3xx changes are information diagnostics whose hover says what
/// the committed version read; <c>policyLsp/materialChanges</c> answers the Markdown report.
/// </summary>
public sealed class MaterialChangesServerTests : IDisposable
{
    private const string Committed = "# Privacy\n\nUpdated: 1 March 2026\n\nWe use your posts to improve our services.\n";
    private const string Edited = "# Privacy\n\nUpdated: 1 March 2026\n\nWe use your posts to improve our services and to train our AI models.\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("policylsp-compare-").FullName;
    private readonly LspTestClient _client = new(debounce: TimeSpan.FromMilliseconds(20));

    public MaterialChangesServerTests()
    {
        Git("init", "-q");
        File.WriteAllText(Path.Combine(_dir, "privacy.md"), Committed);
        Git("add", ".");
        Git("commit", "-q", "-m", "policy");
    }

    public void Dispose()
    {
        _client.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Uri => LspTestClient.FileUri(Path.Combine(_dir, "privacy.md"));

    private void Git(params string[] arguments) => GitRepository.Run(_dir, arguments);

    private async Task<JsonElement> InitializeAndOpenAsync(object? settings = null)
    {
        await _client.InitializeAsync(new { }, workspaceFolders: [new { uri = LspTestClient.FileUri(_dir), name = "root" }]);
        if (settings is not null)
        {
            await _client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { policyLsp = settings } });
        }

        await _client.OpenAsync(Uri, Edited);
        return await _client.DiagnosticsAsync(Uri);
    }

    [Fact]
    public async Task An_edit_that_adds_AI_training_since_HEAD_is_an_information_diagnostic_whose_hover_quotes_the_commit()
    {
        var published = await InitializeAndOpenAsync();
        var diagnostics = published.GetProperty("diagnostics").EnumerateArray().ToList();
        var pl301 = Assert.Single(diagnostics, d => d.GetProperty("code").GetString() == "PL301");
        Assert.Equal(3, pl301.GetProperty("severity").GetInt32());
        Assert.Equal("purpose now includes: and to train our AI models", pl301.GetProperty("message").GetString());
        Assert.Equal(4, pl301.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32());
        Assert.Contains(diagnostics, d => d.GetProperty("code").GetString() == "PL305");

        var hover = await _client.RequestAsync("textDocument/hover", new { textDocument = new { uri = Uri }, position = new { line = 4, character = 3 } });
        var markdown = hover.GetProperty("contents").GetProperty("value").GetString()!;
        Assert.Contains("**PL301**", markdown, StringComparison.Ordinal);
        Assert.Contains("Earlier version, HEAD: We use your posts to improve our services.", markdown, StringComparison.Ordinal);

        var report = await _client.RequestAsync("policyLsp/materialChanges", new { textDocument = new { uri = Uri } });
        Assert.Equal(2, report.GetProperty("changes").GetInt32());
        Assert.Equal("HEAD", report.GetProperty("comparedWith").GetString());
        var text = report.GetProperty("markdown").GetString()!;
        Assert.StartsWith("### PolicyLsp: 2 material changes in `privacy.md`", text, StringComparison.Ordinal);
        Assert.Contains("| PL301 new-ai-training-use |", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompareWith_off_shows_no_material_changes()
    {
        var published = await InitializeAndOpenAsync(new { compareWith = "off" });
        Assert.DoesNotContain(published.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString()!.StartsWith("PL3", StringComparison.Ordinal));
        Assert.Contains(published.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString() == "PL101");
    }

    [Fact]
    public async Task A_compareWith_that_could_be_read_as_an_option_is_refused_and_HEAD_is_used()
    {
        var published = await InitializeAndOpenAsync(new { compareWith = "--output=/tmp/x" });
        Assert.Contains(published.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString() == "PL301");
        var messages = await _client.Requests.WaitForAsync("window/showMessage");
        Assert.Contains(messages, m => m.GetProperty("message").GetString()!.Contains("\"compareWith\" must be", StringComparison.Ordinal));
    }
}
