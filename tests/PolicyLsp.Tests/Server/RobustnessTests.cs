using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Serilog;

namespace PolicyLsp.Tests.Server;

/// <summary>Broken input, odd clients and large documents: the server answers with errors and keeps going.</summary>
public sealed class RobustnessTests : IDisposable
{
    private const string Policy = "# Privacy\n\nWe may use your posts to train our AI models.\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("policylsp-robust-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Uri(string name = "privacy.md") => LspTestClient.FileUri(Path.Combine(_dir, name));

    private static object SymbolsRequest(int id, string uri) =>
        new { jsonrpc = "2.0", id, method = "textDocument/documentSymbol", @params = new { textDocument = new { uri } } };

    [Fact]
    public async Task Content_length_that_is_not_a_number_is_a_parse_error_and_the_next_request_is_answered()
    {
        using var raw = new RawLspConnection();
        await raw.InitializeAsync(new { capabilities = new { } });
        await raw.SendRawAsync([.. "Content-Length: twelve\r\n\r\n{\"id\":5}"u8, .. RawLspConnection.Frame(JsonSerializer.Serialize(SymbolsRequest(2, Uri())))]);
        var error = await raw.ResponseAsync(null);
        Assert.Equal(-32700, error.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Array, (await raw.ResponseAsync(2)).GetProperty("result").ValueKind);
    }

    [Theory]
    [InlineData("X-Nonsense\r\n\r\n")]
    [InlineData("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n")]
    [InlineData("Content-Length: -3\r\n\r\n")]
    public async Task Malformed_headers_are_errors_and_the_server_resynchronises(string header)
    {
        using var raw = new RawLspConnection();
        await raw.InitializeAsync(new { capabilities = new { } });
        await raw.SendRawAsync([.. Encoding.ASCII.GetBytes(header), .. RawLspConnection.Frame(JsonSerializer.Serialize(SymbolsRequest(3, Uri())))]);
        Assert.Equal(-32700, (await raw.ResponseAsync(null)).GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Array, (await raw.ResponseAsync(3)).GetProperty("result").ValueKind);
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":", -32700)]
    [InlineData("not json at all", -32700)]
    [InlineData("[1, 2, 3]", -32600)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"x\"}", -32600)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"params\":{}}", -32600)]
    public async Task Invalid_bodies_are_answered_with_an_error_and_the_server_goes_on(string body, int code)
    {
        using var raw = new RawLspConnection();
        await raw.InitializeAsync(new { capabilities = new { } });
        await raw.SendRawAsync(RawLspConnection.Frame(body));
        Assert.Equal(code, (await raw.ResponseAsync(null)).GetProperty("error").GetProperty("code").GetInt32());
        await raw.SendAsync(SymbolsRequest(2, Uri()));
        Assert.Equal(JsonValueKind.Array, (await raw.ResponseAsync(2)).GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task Wrong_parameter_shapes_are_InvalidParams_without_a_stack_trace()
    {
        using var raw = new RawLspConnection();
        await raw.InitializeAsync(new { capabilities = new { } });
        await raw.SendAsync(new { jsonrpc = "2.0", id = 5, method = "textDocument/hover", @params = new { textDocument = new { uri = Uri() }, position = "line 3" } });
        var error = (await raw.ResponseAsync(5)).GetProperty("error");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.False(error.TryGetProperty("data", out _));
        await raw.SendAsync(new { jsonrpc = "2.0", id = 6, method = "textDocument/diagnostic", @params = new { textDocument = 42 } });
        Assert.Equal(-32602, (await raw.ResponseAsync(6)).GetProperty("error").GetProperty("code").GetInt32());
        await raw.SendAsync(SymbolsRequest(7, Uri()));
        Assert.Equal(JsonValueKind.Array, (await raw.ResponseAsync(7)).GetProperty("result").ValueKind);
    }

    [Fact]
    public void A_handler_that_throws_is_an_InternalError_without_its_stack_or_message_text()
    {
        // Both the connection and the initialize answered before it map a handler's exception this way.
        using var log = new LoggerConfiguration().CreateLogger();
        var failure = new InvalidOperationException("secret detail of the document");
        var error = PolicyLsp.Server.LanguageServer.ErrorFor("textDocument/hover", new System.Reflection.TargetInvocationException(failure), log);
        Assert.NotNull(error);
        Assert.Equal(-32603, (int)error.Code);
        Assert.Equal("internal error in textDocument/hover (InvalidOperationException)", error.Message);
        Assert.Null(error.Data);

        Assert.Equal(-32602, (int)PolicyLsp.Server.LanguageServer.ErrorFor("x", new JsonException("bad"), log)!.Code);
        Assert.Equal(-32800, (int)PolicyLsp.Server.LanguageServer.ErrorFor("x", new OperationCanceledException(), log)!.Code);
        Assert.Null(PolicyLsp.Server.LanguageServer.ErrorFor("x", new StreamJsonRpc.LocalRpcException("refused") { ErrorCode = -32002 }, log));
    }

    [Fact]
    public async Task A_request_without_a_required_field_is_InvalidParams()
    {
        using var raw = new RawLspConnection();
        await raw.InitializeAsync(new { capabilities = new { } });
        // No textDocument: refused while reading the parameters, before a handler could fail on the null.
        await raw.SendAsync(new { jsonrpc = "2.0", id = 8, method = "textDocument/hover", @params = new { position = new { line = 0, character = 0 } } });
        var error = (await raw.ResponseAsync(8)).GetProperty("error");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Contains("textDocument", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(error.TryGetProperty("data", out _));
        await raw.SendAsync(SymbolsRequest(9, Uri()));
        Assert.Equal(JsonValueKind.Array, (await raw.ResponseAsync(9)).GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task DidChange_for_an_unknown_document_and_a_version_going_backwards_are_ignored()
    {
        using var client = new LspTestClient();
        await client.InitializeAsync();
        await client.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri = Uri("never-opened.md"), version = 3 },
            contentChanges = new object[] { new { range = new { start = new { line = 0, character = 0 }, end = new { line = 0, character = 0 } }, text = "x" } },
        });
        await client.OpenAsync(Uri(), Policy, version: 10);
        await client.DiagnosticsAsync(Uri(), 10);
        await client.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri = Uri(), version = 9 },
            contentChanges = new object[] { new { text = "# Nothing\n" } },
        });
        var report = await client.RequestAsync("textDocument/diagnostic", new { textDocument = new { uri = Uri() } });
        Assert.StartsWith("10-", report.GetProperty("resultId").GetString(), StringComparison.Ordinal);
        Assert.Contains(report.GetProperty("items").EnumerateArray(), d => d.GetProperty("code").GetString() == "PL101");
        var symbols = await client.RequestAsync("textDocument/documentSymbol", new { textDocument = new { uri = Uri("never-opened.md") } });
        Assert.Empty(symbols.EnumerateArray());
    }

    [Fact]
    public async Task A_10_MB_document_is_analysed()
    {
        var paragraph = "## Section\n\nWe collect your email address to send receipts and keep your account secure.\n\n";
        var text = new StringBuilder("# Privacy\n\n");
        while (text.Length < 10 * 1024 * 1024)
        {
            text.Append(paragraph);
        }

        text.Append("We may use your posts to train our AI models.\n");
        using var client = new LspTestClient();
        await client.InitializeAsync();
        var started = Stopwatch.StartNew();
        await client.OpenAsync(Uri(), text.ToString());
        var published = await WaitLongAsync(() => client.DiagnosticsAsync(Uri(), 1));
        Assert.Contains(published.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString() == "PL101");
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(120), $"took {started.Elapsed}");

        // The server still answers afterwards.
        var symbols = await client.RequestAsync("textDocument/documentSymbol", new { textDocument = new { uri = Uri("other.md") } });
        Assert.Empty(symbols.EnumerateArray());
    }

    [Fact]
    public async Task The_log_never_contains_document_text()
    {
        const string marker = "Zanzibar quokkas harvest marmalade at midnight for the training corpus.";
        var logFile = Path.Combine(_dir, "server.log");
        using (var log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.File(logFile).CreateLogger())
        {
            using var client = new LspTestClient(log: log);
            await client.InitializeAsync();
            var text = $"---\npolicylsp:\n  bogus: 1\n---\n# Privacy\n\n{marker}\n\nWe may use your posts to train our AI models.\n";
            await client.OpenAsync(Uri(), text);
            await client.DiagnosticsAsync(Uri(), 1);
            await client.NotifyAsync("textDocument/didChange", new
            {
                textDocument = new { uri = Uri(), version = 2 },
                contentChanges = new object[] { new { range = new { start = new { line = 4, character = 0 }, end = new { line = 4, character = 0 } }, text = marker + "\n" } },
            });
            await client.DiagnosticsAsync(Uri(), 2);
            await client.RequestAsync("textDocument/hover", new { textDocument = new { uri = Uri() }, position = new { line = 8, character = 5 } });
            await client.RequestAsync("textDocument/diagnostic", new { textDocument = new { uri = Uri() } });
            await Assert.ThrowsAnyAsync<Exception>(() => client.RequestAsync("textDocument/hover", new { position = marker }));
            await client.RequestAsync("shutdown");
        }

        var logged = File.ReadAllText(logFile);
        Assert.Contains("didOpen", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("quokkas", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_process_survives_garbage_and_exits_cleanly()
    {
        var logFile = Path.Combine(_dir, "serve.log");
        using var process = StartServe(logFile);
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var raw = new RawLspConnection(process.StandardInput.BaseStream, process.StandardOutput.BaseStream);
            await raw.InitializeAsync(new { processId = Environment.ProcessId, capabilities = new { } });
            await raw.SendRawAsync([.. "Content-Length: abc\r\n\r\n{}"u8, .. RawLspConnection.Frame("{\"jsonrpc\":\"2.0\",\"id\":3,")]);
            Assert.Equal(-32700, (await raw.ResponseAsync(null)).GetProperty("error").GetProperty("code").GetInt32());
            Assert.Equal(-32700, (await raw.ResponseAsync(null)).GetProperty("error").GetProperty("code").GetInt32());
            await raw.SendAsync(new { jsonrpc = "2.0", method = "textDocument/didOpen", @params = new { textDocument = new { uri = Uri(), languageId = "markdown", version = 1, text = Policy } } });
            var published = await raw.MessageAsync(m => m.TryGetProperty("method", out var method) && method.GetString() == "textDocument/publishDiagnostics");
            Assert.Contains(published.GetProperty("params").GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString() == "PL101");
            await raw.ShutdownAndExitAsync(process, 4);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        Assert.DoesNotContain("We may use your posts", File.ReadAllText(logFile), StringComparison.Ordinal);
        Assert.Contains("malformed message header", await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_process_exits_with_1_when_the_client_process_dies()
    {
        using var client = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        using var process = StartServe(Path.Combine(_dir, "serve.log"));
        try
        {
            using var raw = new RawLspConnection(process.StandardInput.BaseStream, process.StandardOutput.BaseStream);
            await raw.InitializeAsync(new { processId = client.Id, capabilities = new { } });
            client.Kill();
            await client.WaitForExitAsync();

            // The server polls every 3 s.
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(1, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        Assert.Contains("client process", File.ReadAllText(Path.Combine(_dir, "serve.log")), StringComparison.Ordinal);
    }

    private static Process StartServe(string logFile) =>
        PolicyLspProcess.Start(["serve", "--stdio", "--log-file", logFile, "--log-level", "trace"]);

    private static async Task<JsonElement> WaitLongAsync(Func<Task<JsonElement>> wait)
    {
        // DiagnosticsAsync gives up after LspTestClient.Timeout; a 10 MB analysis on a slow machine may need longer.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await wait();
            }
            catch (TimeoutException) when (attempt < 11)
            {
            }
        }
    }
}
