using System.Text;
using System.Text.Json;

namespace PolicyLsp.Tests.Server;

/// <summary>
/// Malformed and hostile protocol input, one row per case, sent as raw bytes: the server answers with an error or
/// ignores the message (as JSON-RPC and LSP say), and then still answers a valid request correctly.
/// </summary>
public sealed class HostileInputCatalogueTests : IDisposable
{
    private const string Policy = "# Privacy\n\nWe may use your posts to train our AI models.\n";
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly string _dir = Directory.CreateTempSubdirectory("policylsp-hostile-").FullName;

    /// <summary>What must follow the hostile input.</summary>
    private enum After
    {
        /// <summary>documentSymbol and hover on the open document are answered correctly.</summary>
        Answers,

        /// <summary>Like Answers, and no error was sent for the hostile message (it was ignored).</summary>
        IgnoredThenAnswers,

        /// <summary>The stream was desynchronised: one of several follow-up requests is answered correctly.</summary>
        ResynchronisesThenAnswers,

        /// <summary>After shutdown: requests are still answered, with InvalidRequest.</summary>
        AnswersWithInvalidRequest,

        /// <summary>The server ended (exit).</summary>
        Exited,
    }

    private sealed record HostileCase(Func<Ctx, Task> Act, After After = After.Answers, bool InitializeFirst = true);

    private static readonly Dictionary<string, HostileCase> Cases = new()
    {
        // --- framing ---
        ["content-length negative"] = new(c => c.SendRawThenExpectError("Content-Length: -1\r\n\r\n{}", null, -32700)),
        ["content-length non-numeric"] = new(c => c.SendRawThenExpectError("Content-Length: abc\r\n\r\n{}", null, -32700)),
        ["content-length overflows"] = new(c => c.SendRawThenExpectError("Content-Length: 99999999999999999999999\r\n\r\n{}", null, -32700)),
        ["content-length over the limit"] = new(async c =>
        {
            // Declared larger than 256 MB and not sent: the server refuses it; the stream cannot be resynchronised
            // without the body, so only the refusal is checked, on a fresh connection afterwards.
            await c.Raw.SendRawAsync(Encoding.ASCII.GetBytes("Content-Length: 300000000\r\n\r\n"));
            await c.ExpectErrorAsync(null, -32600);
            c.Reconnect();
            await c.InitializeAsync();
        }),
        ["content-length missing"] = new(c => c.SendRawThenExpectError("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}", null, -32700)),
        ["header line without colon"] = new(c => c.SendRawThenExpectError("Content-Length 12\r\n\r\n{}", null, -32700)),
        ["content-length shorter than the body"] = new(
            c => c.SendRawThenExpectError("Content-Length: 5\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}", null, -32700),
            After.ResynchronisesThenAnswers),
        ["missing header terminator"] = new(
            c => c.Raw.SendRawAsync(Encoding.ASCII.GetBytes("Content-Length: 40\r\n{\"jsonrpc\":\"2.0\",\"method\":\"$/x\"}")),
            After.ResynchronisesThenAnswers),
        ["truncated body followed by a valid message"] = new(
            c => c.Raw.SendRawAsync([.. "Content-Length: 80\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":70,"u8, .. RawLspConnection.Frame(Json(new { jsonrpc = "2.0", id = 71, method = "textDocument/documentSymbol", @params = new { textDocument = new { uri = "file:///x.md" } } }))]),
            After.ResynchronisesThenAnswers),
        ["garbage bytes between messages"] = new(
            c => c.Raw.SendRawAsync("\0\u0001\u00ffgarbage\r\n\r\n"u8.ToArray()),
            After.ResynchronisesThenAnswers),

        // --- bodies ---
        ["invalid json"] = new(c => c.SendBodyThenExpectError("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":", null, -32700)),
        ["empty body"] = new(c => c.SendBodyThenExpectError(string.Empty, null, -32700)),
        ["json array body"] = new(c => c.SendBodyThenExpectError("[{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"shutdown\"}]", null, -32600)),
        ["json number body"] = new(c => c.SendBodyThenExpectError("42", null, -32600)),
        ["json string body"] = new(c => c.SendBodyThenExpectError("\"hello\"", null, -32600)),
        ["json null body"] = new(c => c.SendBodyThenExpectError("null", null, -32600)),
        ["invalid utf-8 in the body"] = new(async c =>
        {
            byte[] body = [.. "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"textDocument/hover\",\"params\":{\"x\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}}"u8];
            await c.Raw.SendRawAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body]);

            // Either refused as a parse error, or decoded leniently (U+FFFD) and answered: this hover has no textDocument.
            var response = await c.Raw.MessageAsync(m => m.TryGetProperty("error", out _), Short);
            Assert.Contains(response.GetProperty("error").GetProperty("code").GetInt32(), new[] { -32700, -32602, -32603 });
        }),
        ["deeply nested params (10,000 levels)"] = new(c => c.SendBodyThenExpectError(
            "{\"jsonrpc\":\"2.0\",\"id\":13,\"method\":\"textDocument/hover\",\"params\":" + new string('[', 10_000) + new string(']', 10_000) + "}",
            null,
            -32700)),
        ["huge message (5 MB string)"] = new(async c =>
        {
            await c.Raw.SendAsync(new { jsonrpc = "2.0", id = 14, method = "textDocument/documentSymbol", @params = new { textDocument = new { uri = c.Uri("other.md") }, padding = new string('x', 5 * 1024 * 1024) } });
            Assert.Empty((await c.Raw.ResponseAsync(14)).GetProperty("result").EnumerateArray());
        }),

        // --- envelope ---
        ["missing jsonrpc"] = new(async c =>
        {
            await c.Raw.SendRawAsync(RawLspConnection.Frame($"{{\"id\":15,\"method\":\"textDocument/documentSymbol\",\"params\":{{\"textDocument\":{{\"uri\":\"{c.Uri()}\"}}}}}}"));
            await c.ExpectAnsweredAsync(15);
        }),
        ["wrong jsonrpc version"] = new(async c =>
        {
            await c.Raw.SendRawAsync(RawLspConnection.Frame($"{{\"jsonrpc\":\"1.0\",\"id\":16,\"method\":\"textDocument/documentSymbol\",\"params\":{{\"textDocument\":{{\"uri\":\"{c.Uri()}\"}}}}}}"));
            await c.ExpectAnsweredAsync(16);
        }),
        ["id is an object"] = new(c => c.SendBodyThenExpectError("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"shutdown\"}", null, -32600)),
        ["id is a float"] = new(c => c.SendBodyThenExpectError("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"shutdown\"}", null, -32600)),
        ["id is a boolean"] = new(c => c.SendBodyThenExpectError("{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"shutdown\"}", null, -32600)),
        ["method is a number"] = new(c => c.SendBodyThenExpectError("{\"jsonrpc\":\"2.0\",\"id\":17,\"method\":17}", 17, -32600)),
        ["method is empty"] = new(c => c.SendBodyThenExpectError("{\"jsonrpc\":\"2.0\",\"id\":18,\"method\":\"\"}", 18, -32600)),
        ["params is a string"] = new(c => c.SendBodyThenExpectError("{\"jsonrpc\":\"2.0\",\"id\":19,\"method\":\"textDocument/hover\",\"params\":\"x\"}", 19, -32600)),
        ["params is null"] = new(async c =>
        {
            await c.Raw.SendRawAsync(RawLspConnection.Frame("{\"jsonrpc\":\"2.0\",\"id\":23,\"method\":\"textDocument/documentSymbol\",\"params\":null}"));
            await c.ExpectErrorAsync(23, -32602);
        }),
        ["error response to a request never sent, of the wrong shape"] = new(c => c.Raw.SendRawAsync(RawLspConnection.Frame("{\"jsonrpc\":\"2.0\",\"id\":4343,\"error\":\"no\"}")), After.IgnoredThenAnswers),
        ["neither method nor result"] = new(c => c.SendBodyThenExpectError("{\"jsonrpc\":\"2.0\",\"id\":20}", 20, -32600)),
        ["unknown request method"] = new(async c =>
        {
            await c.Raw.SendAsync(new { jsonrpc = "2.0", id = 21, method = "textDocument/teleport", @params = new { } });
            await c.ExpectErrorAsync(21, -32601);
        }),
        ["unknown $/ notification"] = new(c => c.Raw.SendAsync(new { jsonrpc = "2.0", method = "$/somethingNew", @params = new { value = 1 } }), After.IgnoredThenAnswers),
        ["unknown notification"] = new(c => c.Raw.SendAsync(new { jsonrpc = "2.0", method = "custom/notify", @params = new { } }), After.IgnoredThenAnswers),
        ["$/cancelRequest for an unknown id"] = new(c => c.Raw.SendAsync(new { jsonrpc = "2.0", method = "$/cancelRequest", @params = new { id = 9999 } }), After.IgnoredThenAnswers),
        ["response to a request never sent"] = new(c => c.Raw.SendAsync(new { jsonrpc = "2.0", id = 4242, result = new { } }), After.IgnoredThenAnswers),
        ["notification method sent with an id"] = new(async c =>
        {
            await c.Raw.SendAsync(new { jsonrpc = "2.0", id = 22, method = "textDocument/didSave", @params = new { textDocument = new { uri = c.Uri() } } });
            await c.ExpectAnsweredAsync(22);
        }),
        ["request method sent without an id"] = new(
            c => c.Raw.SendAsync(new { jsonrpc = "2.0", method = "textDocument/hover", @params = new { textDocument = new { uri = c.Uri() }, position = new { line = 2, character = 5 } } }),
            After.IgnoredThenAnswers),

        // --- parameters of the wrong types ---
        ["initialize with wrong param types"] = new(
            async c =>
            {
                await c.Raw.SendRawAsync(RawLspConnection.Frame("{\"jsonrpc\":\"2.0\",\"id\":30,\"method\":\"initialize\",\"params\":{\"processId\":\"abc\",\"capabilities\":\"none\",\"workspaceFolders\":7}}"));
                await c.ExpectErrorAsync(30, -32602);
                await c.InitializeAsync();
            },
            InitializeFirst: false),
        ["second initialize"] = new(async c =>
        {
            await c.Raw.SendAsync(new { jsonrpc = "2.0", id = 31, method = "initialize", @params = new { capabilities = new { } } });
            await c.ExpectErrorAsync(31, -32600);
        }),
        ["request before initialize"] = new(
            async c =>
            {
                await c.Raw.SendAsync(new { jsonrpc = "2.0", id = 32, method = "textDocument/documentSymbol", @params = new { textDocument = new { uri = c.Uri() } } });
                await c.ExpectErrorAsync(32, -32002);
                await c.InitializeAsync();
            },
            InitializeFirst: false),
        ["hover with position as a string"] = new(async c =>
        {
            await c.Raw.SendAsync(new { jsonrpc = "2.0", id = 33, method = "textDocument/hover", @params = new { textDocument = new { uri = c.Uri() }, position = "line 3" } });
            await c.ExpectErrorAsync(33, -32602);
        }),
        ["hover with negative position"] = new(async c =>
        {
            await c.Raw.SendAsync(new { jsonrpc = "2.0", id = 34, method = "textDocument/hover", @params = new { textDocument = new { uri = c.Uri() }, position = new { line = -4, character = -1 } } });
            await c.ExpectAnsweredAsync(34);
        }),
        ["hover with huge position"] = new(async c =>
        {
            await c.Raw.SendAsync(new { jsonrpc = "2.0", id = 35, method = "textDocument/hover", @params = new { textDocument = new { uri = c.Uri() }, position = new { line = int.MaxValue, character = int.MaxValue } } });
            await c.ExpectAnsweredAsync(35);
        }),
        ["codeAction with range as a number"] = new(async c =>
        {
            await c.Raw.SendAsync(new { jsonrpc = "2.0", id = 36, method = "textDocument/codeAction", @params = new { textDocument = new { uri = c.Uri() }, range = 7, context = new { diagnostics = Array.Empty<object>() } } });
            await c.ExpectErrorAsync(36, -32602);
        }),
        ["documentSymbol with textDocument as an array"] = new(async c =>
        {
            await c.Raw.SendAsync(new { jsonrpc = "2.0", id = 37, method = "textDocument/documentSymbol", @params = new { textDocument = new[] { 1, 2 } } });
            await c.ExpectErrorAsync(37, -32602);
        }),
        ["didOpen with textDocument as a number"] = new(
            c => c.Raw.SendAsync(new { jsonrpc = "2.0", method = "textDocument/didOpen", @params = new { textDocument = 5 } }),
            After.IgnoredThenAnswers),
        ["didOpen without text"] = new(
            c => c.Raw.SendAsync(new { jsonrpc = "2.0", method = "textDocument/didOpen", @params = new { textDocument = new { uri = c.Uri("other.md"), languageId = "markdown", version = 1 } } }),
            After.IgnoredThenAnswers),
        ["didChange with contentChanges as a string"] = new(
            c => c.Raw.SendAsync(new { jsonrpc = "2.0", method = "textDocument/didChange", @params = new { textDocument = new { uri = c.Uri(), version = 2 }, contentChanges = "abc" } }),
            After.IgnoredThenAnswers),

        // --- document lifecycle ---
        ["hover on an unknown uri"] = new(async c =>
        {
            await c.Raw.SendAsync(new { jsonrpc = "2.0", id = 40, method = "textDocument/hover", @params = new { textDocument = new { uri = c.Uri("never-opened.md") }, position = new { line = 0, character = 0 } } });
            Assert.Equal(JsonValueKind.Null, (await c.Raw.ResponseAsync(40)).GetProperty("result").ValueKind);
        }),
        ["didChange for an unknown uri"] = new(
            c => c.Raw.SendAsync(new { jsonrpc = "2.0", method = "textDocument/didChange", @params = new { textDocument = new { uri = c.Uri("never-opened.md"), version = 2 }, contentChanges = new object[] { new { text = "# Nothing\n" } } } }),
            After.IgnoredThenAnswers),
        ["didChange with a version going backwards"] = new(
            c => c.Raw.SendAsync(new { jsonrpc = "2.0", method = "textDocument/didChange", @params = new { textDocument = new { uri = c.Uri(), version = 0 }, contentChanges = new object[] { new { text = "# Nothing\n" } } } }),
            After.IgnoredThenAnswers),
        ["didChange with a range outside the document"] = new(
            c => c.Raw.SendAsync(new { jsonrpc = "2.0", method = "textDocument/didChange", @params = new { textDocument = new { uri = c.Uri(), version = 3 }, contentChanges = new object[] { new { range = new { start = new { line = 900, character = 5 }, end = new { line = 905, character = 99 } }, text = "\n" } } } }),
            After.IgnoredThenAnswers),
        ["didOpen twice"] = new(
            c => c.Raw.SendAsync(new { jsonrpc = "2.0", method = "textDocument/didOpen", @params = new { textDocument = new { uri = c.Uri(), languageId = "markdown", version = 1, text = Policy } } }),
            After.IgnoredThenAnswers),
        ["didClose for an unknown uri"] = new(
            c => c.Raw.SendAsync(new { jsonrpc = "2.0", method = "textDocument/didClose", @params = new { textDocument = new { uri = c.Uri("never-opened.md") } } }),
            After.IgnoredThenAnswers),
        ["config file that is not json"] = new(
            async c =>
            {
                var config = Path.Combine(c.Dir, ".policylsp.json");
                await File.WriteAllTextAsync(config, "{ this is : not json,,");
                await c.Raw.SendAsync(new { jsonrpc = "2.0", method = "workspace/didChangeWatchedFiles", @params = new { changes = new[] { new { uri = LspTestClient.FileUri(config), type = 2 } } } });
            }),
        ["didChangeWatchedFiles with changes as a string"] = new(
            c => c.Raw.SendAsync(new { jsonrpc = "2.0", method = "workspace/didChangeWatchedFiles", @params = new { changes = "all" } }),
            After.IgnoredThenAnswers),

        // --- shutdown and exit ---
        ["requests after shutdown"] = new(
            async c =>
            {
                await c.Raw.SendAsync(new { jsonrpc = "2.0", id = 50, method = "shutdown" });
                Assert.Equal(JsonValueKind.Null, (await c.Raw.ResponseAsync(50)).GetProperty("result").ValueKind);
            },
            After.AnswersWithInvalidRequest),
        ["exit before shutdown"] = new(c => c.Raw.SendAsync(new { jsonrpc = "2.0", method = "exit" }), After.Exited),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Server_survives(string name)
    {
        var hostile = Cases[name];
        using var ctx = new Ctx(_dir);
        if (hostile.InitializeFirst)
        {
            await ctx.InitializeAsync();
        }

        await hostile.Act(ctx).WaitAsync(TimeSpan.FromSeconds(8));
        switch (hostile.After)
        {
            case After.Answers:
                await ctx.FollowUpAsync(attempts: 1);
                break;
            case After.IgnoredThenAnswers:
                await ctx.FollowUpAsync(attempts: 1);
                await ctx.ExpectNoErrorAsync();
                break;
            case After.ResynchronisesThenAnswers:
                await ctx.FollowUpAsync(attempts: 3);
                break;
            case After.AnswersWithInvalidRequest:
                await ctx.Raw.SendAsync(new { jsonrpc = "2.0", id = 51, method = "textDocument/documentSymbol", @params = new { textDocument = new { uri = ctx.Uri() } } });
                await ctx.ExpectErrorAsync(51, -32600);
                break;
            case After.Exited:
                await ctx.Raw.Server.Completion.WaitAsync(Short);
                Assert.False(ctx.Raw.Server.ShutdownRequested);
                break;
        }
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private sealed class Ctx(string dir) : IDisposable
    {
        public string Dir { get; } = dir;

        public RawLspConnection Raw { get; private set; } = new();

        public string Uri(string name = "privacy.md") => LspTestClient.FileUri(Path.Combine(Dir, name));

        public async Task InitializeAsync()
        {
            var result = await Raw.InitializeAsync(new { processId = (int?)null, rootUri = LspTestClient.FileUri(Dir), capabilities = new { } }).WaitAsync(Short);
            Assert.True(result.TryGetProperty("result", out _), result.ToString());
            await Raw.SendAsync(new { jsonrpc = "2.0", method = "textDocument/didOpen", @params = new { textDocument = new { uri = Uri(), languageId = "markdown", version = 1, text = Policy } } });
        }

        public void Reconnect()
        {
            Raw.Dispose();
            Raw = new RawLspConnection();
        }

        public async Task SendRawThenExpectError(string bytes, int? id, int code)
        {
            await Raw.SendRawAsync(Encoding.UTF8.GetBytes(bytes));
            await ExpectErrorAsync(id, code);
        }

        public async Task SendBodyThenExpectError(string body, int? id, int code)
        {
            await Raw.SendRawAsync(RawLspConnection.Frame(body));
            await ExpectErrorAsync(id, code);
        }

        public async Task ExpectErrorAsync(int? id, int code)
        {
            var response = await Raw.ResponseAsync(id).WaitAsync(Short);
            Assert.True(response.TryGetProperty("error", out var error), $"expected an error, got {response}");
            Assert.Equal(code, error.GetProperty("code").GetInt32());
            Assert.False(error.TryGetProperty("data", out _), "errors carry no stack trace");
        }

        /// <summary>A response (result or error) with this id.</summary>
        public async Task ExpectAnsweredAsync(int id)
        {
            var response = await Raw.ResponseAsync(id).WaitAsync(Short);
            Assert.True(response.TryGetProperty("result", out _) || response.TryGetProperty("error", out _), response.ToString());
        }

        /// <summary>No error message is pending or arrives shortly.</summary>
        public async Task ExpectNoErrorAsync()
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => Raw.MessageAsync(m => m.TryGetProperty("error", out _), Quiet));
        }

        /// <summary>documentSymbol and hover on the open policy, answered correctly; with several attempts only the last must be.</summary>
        public async Task FollowUpAsync(int attempts)
        {
            if (Raw.Server.Completion.IsCompleted)
            {
                Assert.Fail("the server stopped");
            }

            var last = 0;
            for (var i = 0; i < attempts; i++)
            {
                last = 100 + i;
                await Raw.SendAsync(new { jsonrpc = "2.0", id = last, method = "textDocument/documentSymbol", @params = new { textDocument = new { uri = Uri() } } });
            }

            var symbols = (await Raw.ResponseAsync(last).WaitAsync(Short)).GetProperty("result");
            Assert.Contains(symbols.EnumerateArray(), s => s.GetProperty("name").GetString() == "Privacy");

            await Raw.SendAsync(new { jsonrpc = "2.0", id = 200, method = "textDocument/hover", @params = new { textDocument = new { uri = Uri() }, position = new { line = 2, character = 10 } } });
            var hover = (await Raw.ResponseAsync(200).WaitAsync(Short)).GetProperty("result");
            Assert.Equal(JsonValueKind.Object, hover.ValueKind);
            Assert.Contains("PL101", hover.GetProperty("contents").GetProperty("value").GetString(), StringComparison.Ordinal);
        }

        public void Dispose() => Raw.Dispose();
    }
}
