using System.Diagnostics;
using System.Text;
using System.Text.Json;
using PolicyLsp.Server;
using Serilog;
using Xunit.Abstractions;

namespace PolicyLsp.Tests.Server;

/// <summary>Regression tests for the findings of the security review: each drives the server at the protocol level.</summary>
public sealed class HostileClientTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(5);

    private readonly string _dir = Directory.CreateTempSubdirectory("policylsp-hostile-client-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    // --- 19: junk before a header ---
    [Fact]
    public async Task Junk_line_before_the_initialize_header_does_not_swallow_it()
    {
        using var raw = new RawLspConnection();
        var initialize = RawLspConnection.Frame(Json(new { jsonrpc = "2.0", id = 1, method = "initialize", @params = new { capabilities = new { } } }));
        await raw.SendRawAsync([.. "hello\r\n"u8, .. initialize]);

        var response = await raw.ResponseAsync(1).WaitAsync(Short);
        Assert.True(response.GetProperty("result").TryGetProperty("capabilities", out _));
        var junk = await raw.ResponseAsync(null).WaitAsync(Short);
        Assert.Equal(-32700, junk.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Junk_line_between_two_requests_does_not_swallow_the_second()
    {
        using var raw = new RawLspConnection();
        await raw.InitializeAsync(new { capabilities = new { } });
        var symbols = (int id) => RawLspConnection.Frame(Json(new { jsonrpc = "2.0", id, method = "textDocument/documentSymbol", @params = new { textDocument = new { uri = "file:///none.md" } } }));
        await raw.SendRawAsync([.. symbols(2), .. "hello\r\n"u8, .. symbols(3), .. "junk"u8, .. symbols(4)]);

        Assert.Equal(JsonValueKind.Array, (await raw.ResponseAsync(2).WaitAsync(Short)).GetProperty("result").ValueKind);
        Assert.Equal(JsonValueKind.Array, (await raw.ResponseAsync(3).WaitAsync(Short)).GetProperty("result").ValueKind);
        Assert.Equal(JsonValueKind.Array, (await raw.ResponseAsync(4).WaitAsync(Short)).GetProperty("result").ValueKind);
    }

    // --- 25: one didChange with many edits ---
    [Fact]
    public async Task Ten_thousand_edits_in_one_didChange_on_a_1_MB_document_are_applied_in_bounded_time()
    {
        const int lineCount = 14_000;
        var lines = Enumerable.Range(0, lineCount).Select(i => $"Line {i}: we share account details with partners to measure advertising reach.\n").ToArray();
        var text = string.Concat(lines);
        Assert.True(text.Length > 1_000_000);

        // Edits at distinct lines in random order, each against the result of the one before: the expected text is the lines so edited.
        var random = new Random(25);
        var edited = Enumerable.Range(0, lineCount).OrderBy(_ => random.Next()).Take(10_000).ToList();
        var changes = new List<object>(edited.Count);
        foreach (var line in edited)
        {
            var cut = random.Next(0, 8);
            changes.Add(new { range = new { start = new { line, character = 5 }, end = new { line, character = 5 + cut } }, text = "É😀" });
            lines[line] = string.Concat(lines[line].AsSpan(0, 5), "É😀", lines[line].AsSpan(5 + cut));
        }

        using var client = new LspTestClient(debounce: TimeSpan.FromSeconds(30));
        await client.InitializeAsync();
        const string uri = "file:///tmp/policylsp-many-edits/privacy.md";
        await client.OpenAsync(uri, text);
        var started = Stopwatch.StartNew();
        await client.NotifyAsync("textDocument/didChange", new { textDocument = new { uri, version = 2 }, contentChanges = changes });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await client.Rpc.InvokeWithParameterObjectAsync<JsonElement>("textDocument/documentSymbol", new { textDocument = new { uri = "file:///tmp/other.md" } }, timeout.Token);
        var elapsed = started.Elapsed;
        output.WriteLine($"10,000 edits on {text.Length:N0} chars: {elapsed.TotalMilliseconds:F0} ms");

        Assert.Equal(string.Concat(lines), client.Server.Context.Documents.Get(uri)!.Text);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"10,000 edits took {elapsed.TotalSeconds:F1} s");
    }

    // --- 14: the log file is the user's own and never written through a link ---
    [Fact]
    public async Task Default_log_is_in_a_private_folder_of_the_users_state_home()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // lstat-like checks and modes are Linux-specific here
        }
        var state = Path.Combine(_dir, "state");
        var stderr = await ServeSessionAsync(null, state);

        var folder = Path.Combine(state, "policylsp");
        var file = Path.Combine(folder, "policylsp-server.log");
        Assert.True(File.Exists(file), stderr);
        Assert.Contains("serving over stdio", File.ReadAllText(file), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task Planted_links_and_another_users_folder_are_refused_and_the_server_still_serves()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // lstat-like checks and modes are Linux-specific here
        }

        // The log folder is a link to elsewhere.
        var linkedState = Path.Combine(_dir, "linked-state");
        var elsewhere = Directory.CreateDirectory(Path.Combine(_dir, "elsewhere")).FullName;
        Directory.CreateDirectory(linkedState);
        Directory.CreateSymbolicLink(Path.Combine(linkedState, "policylsp"), elsewhere);
        Assert.Contains("is a symbolic link", await ServeSessionAsync(null, linkedState), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere));

        // The log file is a link to a file of the victim's.
        var fileState = Path.Combine(_dir, "file-state");
        var folder = Directory.CreateDirectory(Path.Combine(fileState, "policylsp"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute).FullName;
        var victim = Path.Combine(_dir, "victim.txt");
        File.WriteAllText(victim, "original");
        File.CreateSymbolicLink(Path.Combine(folder, "policylsp-server.log"), victim);
        Assert.Contains("is a symbolic link", await ServeSessionAsync(null, fileState), StringComparison.Ordinal);
        Assert.Equal("original", File.ReadAllText(victim));

        // An explicit --log-file that is a link, or a FIFO.
        var link = Path.Combine(_dir, "link.log");
        File.CreateSymbolicLink(link, victim);
        Assert.Contains("is a symbolic link", await ServeSessionAsync(link, null), StringComparison.Ordinal);
        Assert.Equal("original", File.ReadAllText(victim));
        var fifo = Path.Combine(_dir, "fifo.log");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
        }

        Assert.Contains("not a regular file", await ServeSessionAsync(fifo, null), StringComparison.Ordinal);

        // A log folder that belongs to another user (root can make one for the test).
        if (Environment.UserName == "root")
        {
            var otherState = Path.Combine(_dir, "other-state");
            var other = Directory.CreateDirectory(Path.Combine(otherState, "policylsp"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute).FullName;
            using (var chown = Process.Start("chown", ["65534", other]))
            {
                await chown.WaitForExitAsync();
            }

            Assert.Contains("belongs to another user", await ServeSessionAsync(null, otherState), StringComparison.Ordinal);
            Assert.Empty(Directory.GetFileSystemEntries(other));
        }
    }

    /// <summary>Runs the real server for one session (initialize, a request, shutdown, exit) and returns its stderr.</summary>
    private async Task<string> ServeSessionAsync(string? logFile, string? stateHome)
    {
        using var process = StartServe(logFile, stateHome is null ? [] : [("XDG_STATE_HOME", stateHome)]);
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var raw = new RawLspConnection(process.StandardInput.BaseStream, process.StandardOutput.BaseStream);
            await raw.InitializeAsync(new { processId = Environment.ProcessId, capabilities = new { } });
            await raw.SendAsync(new { jsonrpc = "2.0", id = 2, method = "textDocument/documentSymbol", @params = new { textDocument = new { uri = "file:///none.md" } } });
            Assert.Equal(JsonValueKind.Array, (await raw.ResponseAsync(2)).GetProperty("result").ValueKind);
            await raw.ShutdownAndExitAsync(process, 3);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        return await stderr;
    }

    // --- 15: values the client controls cannot forge log lines ---
    [Fact]
    public async Task Control_characters_in_a_config_key_or_a_region_name_are_escaped_in_the_log_and_in_showMessage()
    {
        const string forged = "\n2026-01-01 00:00:00.000 +00:00 [ERR] forged\u001b[2J\u2028";
        var logFile = Path.Combine(_dir, "server.log");
        using (var log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.File(logFile).CreateLogger())
        {
            using var client = new LspTestClient(log: log);
            await client.InitializeAsync();
            await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new Dictionary<string, object> { ["policyLsp"] = new Dictionary<string, object> { ["key" + forged] = 1 } } });
            var shown = (await client.Requests.WaitForAsync("window/showMessage"))[0].GetProperty("message").GetString()!;
            Assert.Contains("key\\n2026-01-01", shown, StringComparison.Ordinal);
            Assert.DoesNotContain(shown, char.IsControl);

            var uri = LspTestClient.FileUri(Path.Combine(_dir, "privacy.md"));
            await client.OpenAsync(uri, "---\npolicylsp:\n  regions: [\"EU\\n[ERR] region forged\"]\n---\n# Privacy\n\nWe may use your posts to train our AI models.\n");
            await client.DiagnosticsAsync(uri, 1);
        }

        var lines = File.ReadAllLines(logFile);
        Assert.Contains(lines, l => l.Contains("key\\n2026-01-01 00:00:00.000 +00:00 [ERR] forged\\u001B[2J\\u2028", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", l));
        Assert.DoesNotContain(lines, l => l.Contains('\u001b', StringComparison.Ordinal) || l.Contains('\u2028', StringComparison.Ordinal));
    }

    // --- 22: requests on one document wait for no other document's analysis ---
    [Fact]
    public async Task Hover_symbols_and_code_actions_on_a_small_document_answer_while_another_is_still_analysed()
    {
        const string slow = "file:///tmp/policylsp-slow/privacy.md";
        const string tiny = "file:///tmp/policylsp-tiny/privacy.md";
        using var gate = new ManualResetEventSlim();
        using var raw = new RawLspConnection();
        raw.Server.Context.Analyzer.BeforeAnalysis = document =>
        {
            if (document.Uri == slow)
            {
                gate.Wait(TimeSpan.FromSeconds(60));
            }
        };
        try
        {
            await raw.InitializeAsync(new { capabilities = new { } });
            await raw.SendAsync(Open(slow, Policy));
            await raw.SendAsync(Open(tiny, Policy));
            await raw.SendAsync(new { jsonrpc = "2.0", id = 10, method = "textDocument/hover", @params = new { textDocument = new { uri = slow }, position = new { line = 2, character = 10 } } });

            var started = Stopwatch.StartNew();
            await raw.SendAsync(new { jsonrpc = "2.0", id = 11, method = "textDocument/hover", @params = new { textDocument = new { uri = tiny }, position = new { line = 2, character = 10 } } });
            var hover = await raw.ResponseAsync(11).WaitAsync(Short);
            output.WriteLine($"hover on the small document answered in {started.ElapsedMilliseconds} ms while the other was analysed");
            Assert.Contains("PL101", hover.GetProperty("result").GetProperty("contents").GetProperty("value").GetString(), StringComparison.Ordinal);

            await raw.SendAsync(new { jsonrpc = "2.0", id = 12, method = "textDocument/documentSymbol", @params = new { textDocument = new { uri = tiny } } });
            Assert.NotEqual(0, (await raw.ResponseAsync(12).WaitAsync(Short)).GetProperty("result").GetArrayLength());
            await raw.SendAsync(new { jsonrpc = "2.0", id = 13, method = "textDocument/codeAction", @params = new { textDocument = new { uri = tiny }, range = new { start = new { line = 2, character = 0 }, end = new { line = 2, character = 5 } }, context = new { diagnostics = Array.Empty<object>() } } });
            Assert.NotEqual(0, (await raw.ResponseAsync(13).WaitAsync(Short)).GetProperty("result").GetArrayLength());

            // The request still waiting for the slow analysis is cancelled at once.
            await raw.SendAsync(new { jsonrpc = "2.0", method = "$/cancelRequest", @params = new { id = 10 } });
            var cancelled = await raw.ResponseAsync(10).WaitAsync(Short);
            Assert.Equal(-32800, cancelled.GetProperty("error").GetProperty("code").GetInt32());
        }
        finally
        {
            gate.Set();
        }
    }

    [Fact]
    public async Task Hover_symbols_and_code_actions_on_a_10_MB_document_hold_up_neither_a_small_document_nor_shutdown()
    {
        const string huge = "file:///tmp/policylsp-huge/privacy.md";
        const string small = "file:///tmp/policylsp-small/privacy.md";
        var text = new StringBuilder("# Privacy\n\n");
        while (text.Length < 10 * 1024 * 1024)
        {
            text.Append("## Section\n\nWe collect your email address to send receipts and keep your account secure.\n\n");
        }

        text.Append(Policy);

        // The huge document's requests stop where their work starts (its analysis, positions and symbols): if any of it ran
        // on the message loop, the loop would stop there too. No background analysis: the quiet period outlasts the test.
        using var gate = new ManualResetEventSlim();
        using var raw = new RawLspConnection(debounce: TimeSpan.FromMinutes(5));
        raw.Server.Context.BeforeDocumentRequest = document =>
        {
            if (document.Uri == huge)
            {
                gate.Wait(TimeSpan.FromSeconds(60));
            }
        };
        try
        {
            await raw.InitializeAsync(new { capabilities = new { } });
            await raw.SendAsync(Open(huge, text.ToString()));
            await raw.SendAsync(Open(small, Policy));
            await raw.SendAsync(new { jsonrpc = "2.0", id = 10, method = "textDocument/hover", @params = new { textDocument = new { uri = huge }, position = new { line = 2, character = 10 } } });
            await raw.SendAsync(new { jsonrpc = "2.0", id = 11, method = "textDocument/documentSymbol", @params = new { textDocument = new { uri = huge } } });
            await raw.SendAsync(new { jsonrpc = "2.0", id = 12, method = "textDocument/codeAction", @params = new { textDocument = new { uri = huge }, range = new { start = new { line = 0, character = 0 }, end = new { line = 9, character = 0 } }, context = new { diagnostics = Array.Empty<object>() } } });

            var started = Stopwatch.StartNew();
            await raw.SendAsync(new { jsonrpc = "2.0", id = 13, method = "textDocument/hover", @params = new { textDocument = new { uri = small }, position = new { line = 2, character = 10 } } });
            var hover = await raw.ResponseAsync(13).WaitAsync(Short);
            Assert.Contains("PL101", hover.GetProperty("result").GetProperty("contents").GetProperty("value").GetString(), StringComparison.Ordinal);
            await raw.SendAsync(new { jsonrpc = "2.0", id = 14, method = "textDocument/documentSymbol", @params = new { textDocument = new { uri = small } } });
            Assert.NotEqual(0, (await raw.ResponseAsync(14).WaitAsync(Short)).GetProperty("result").GetArrayLength());
            await raw.SendAsync(new { jsonrpc = "2.0", id = 15, method = "shutdown" });
            Assert.Equal(JsonValueKind.Null, (await raw.ResponseAsync(15).WaitAsync(Short)).GetProperty("result").ValueKind);
            output.WriteLine($"the small document and shutdown were answered in {started.ElapsedMilliseconds} ms while the 10 MB document's requests were under way");

            // Those are still under way; cancelled, each is answered at once.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => raw.MessageAsync(m => m.TryGetProperty("id", out _) && !m.TryGetProperty("method", out _), TimeSpan.FromMilliseconds(200)));
            foreach (var id in new[] { 10, 11, 12 })
            {
                await raw.SendAsync(new { jsonrpc = "2.0", method = "$/cancelRequest", @params = new { id } });
                Assert.Equal(-32800, (await raw.ResponseAsync(id).WaitAsync(Short)).GetProperty("error").GetProperty("code").GetInt32());
            }
        }
        finally
        {
            gate.Set();
        }
    }

    // --- 21: large messages ---
    [Fact]
    public void Reading_a_token_heavy_message_builds_no_document()
    {
        // 6 MB of "0," is 3 M tokens: a JsonDocument of it needs ~36 MB of rows (pooled afterwards, so the first call is measured).
        var body = TokenHeavyBody(6 * 1024 * 1024);
        var options = new JsonSerializerOptions();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var (message, refusal) = IncomingMessage.Read(body, options);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Null(refusal);
        Assert.Equal("$/hostile", message!.Method);
        output.WriteLine($"validating {body.Length:N0} bytes allocated {allocated:N0} bytes");
        Assert.True(allocated < 1024 * 1024, $"validation allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task A_message_whose_parse_would_cost_more_than_the_limit_is_refused_and_the_connection_keeps_working()
    {
        using var raw = new RawLspConnection();
        await raw.InitializeAsync(new { capabilities = new { } });

        // 20 MB of tokens would cost StreamJsonRpc ~700 MB to parse: over the 256 MB cap (or less on a small machine).
        await raw.SendRawAsync([.. Frame(TokenHeavyBody(20 * 1024 * 1024)), .. RawLspConnection.Frame(Json(new { jsonrpc = "2.0", id = 2, method = "textDocument/documentSymbol", @params = new { textDocument = new { uri = "file:///none.md" } } }))]);

        var refused = await raw.ResponseAsync(null).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(-32600, refused.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("message refused", refused.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, (await raw.ResponseAsync(2).WaitAsync(Short)).GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task Message_limit_follows_the_memory_available_to_the_server_process()
    {
        // Under a 256 MB GC heap limit the message limit is 16 MB: a 24 MB didOpen is refused, then requests are answered.
        // The value is hexadecimal without "0x": the JIT runtime takes either form, the NativeAOT one only this.
        using var process = StartServe(Path.Combine(_dir, "serve.log"), ("DOTNET_GCHeapHardLimit", "10000000"));
        try
        {
            using var raw = new RawLspConnection(process.StandardInput.BaseStream, process.StandardOutput.BaseStream);
            await raw.InitializeAsync(new { processId = Environment.ProcessId, capabilities = new { } });
            var text = new string('a', 24 * 1024 * 1024);
            await raw.SendAsync(new { jsonrpc = "2.0", method = "textDocument/didOpen", @params = new { textDocument = new { uri = "file:///tmp/policylsp-big/privacy.md", languageId = "markdown", version = 1, text } } });
            await raw.SendAsync(new { jsonrpc = "2.0", id = 2, method = "textDocument/documentSymbol", @params = new { textDocument = new { uri = "file:///none.md" } } });

            var refused = await raw.ResponseAsync(null).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Contains("16777216 byte limit", refused.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Array, (await raw.ResponseAsync(2).WaitAsync(TimeSpan.FromSeconds(30))).GetProperty("result").ValueKind);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    private static byte[] TokenHeavyBody(int bytes)
    {
        var prefix = "{\"jsonrpc\":\"2.0\",\"method\":\"$/hostile\",\"params\":{\"a\":[0"u8;
        var suffix = "]}}"u8;
        var body = new byte[prefix.Length + (bytes / 2 * 2) + suffix.Length];
        prefix.CopyTo(body);
        for (var i = prefix.Length; i < body.Length - suffix.Length; i += 2)
        {
            body[i] = (byte)',';
            body[i + 1] = (byte)'0';
        }

        suffix.CopyTo(body.AsSpan(body.Length - suffix.Length));
        return body;
    }

    private static byte[] Frame(byte[] body) => [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body];

    private static Process StartServe(string? logFile, params (string Name, string Value)[] environment) =>
        PolicyLspProcess.Start(logFile is null ? ["serve", "--stdio"] : ["serve", "--stdio", "--log-file", logFile], null, environment);

    private const string Policy = "# Privacy\n\nWe may use your posts to train our AI models.\n";

    private static object Open(string uri, string text) =>
        new { jsonrpc = "2.0", method = "textDocument/didOpen", @params = new { textDocument = new { uri, languageId = "markdown", version = 1, text } } };

    private static string Json(object value) => JsonSerializer.Serialize(value);
}
