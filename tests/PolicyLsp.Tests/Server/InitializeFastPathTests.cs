using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nerdbank.Streams;
using PolicyLsp.Server;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace PolicyLsp.Tests.Server;

/// <summary>
/// An <c>initialize</c> request that is the first message is answered before the JSON-RPC connection is set up: the
/// answer, the server's state and the handling of everything after it must be what the connection would have done.
/// </summary>
public sealed class InitializeFastPathTests : IDisposable
{
    private const string Policy = "# Privacy\n\nWe may use your posts to train our AI models.\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("policylsp-fastinit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Uri(string name = "privacy.md") => LspTestClient.FileUri(Path.Combine(_dir, name));

    private static string Request(object id, string method, object? parameters) =>
        JsonSerializer.Serialize(new { jsonrpc = "2.0", id, method, @params = parameters });

    private static string Notification(string method, object? parameters) =>
        JsonSerializer.Serialize(new { jsonrpc = "2.0", method, @params = parameters });

    public static TheoryData<string> InitializeParameters => new()
    {
        """{"processId":null,"rootUri":null,"capabilities":{}}""",
        """{"capabilities":{"general":{"positionEncodings":["utf-8","utf-16"]}},"initializationOptions":{"debounceMs":0},"trace":"verbose","clientInfo":{"name":"test"}}""",
        """{"processId":null,"rootUri":"file:///tmp/a","workspaceFolders":[{"uri":"file:///tmp/b","name":"b"},{"uri":"untitled:c","name":"c"}],"capabilities":{"general":{"positionEncodings":["utf-16"]},"textDocument":{"diagnostic":{"dynamicRegistration":false}},"workspace":{"configuration":false,"didChangeWatchedFiles":{"dynamicRegistration":false},"diagnostics":{"refreshSupport":false}}}}""",
        """{"PROCESSID":null,"RootPath":"/tmp/d","Capabilities":{"General":{"PositionEncodings":["utf-8"]}}}""",
        """{}""",
    };

    [Theory]
    [MemberData(nameof(InitializeParameters))]
    public async Task Initialize_as_the_first_message_gives_the_answer_and_state_of_the_normal_path(string parameters)
    {
        using var fast = new RawLspConnection();
        await fast.SendRawAsync(RawLspConnection.Frame($$"""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{{parameters}}}"""));
        var fastAnswer = await fast.ResponseAsync(1);

        // A request first (refused: not initialized) makes initialize go through the JSON-RPC connection.
        using var normal = new RawLspConnection();
        await normal.SendRawAsync(RawLspConnection.Frame(Request(0, "shutdown", null)));
        Assert.Equal(-32002, (await normal.ResponseAsync(0)).GetProperty("error").GetProperty("code").GetInt32());
        await normal.SendRawAsync(RawLspConnection.Frame($$"""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{{parameters}}}"""));
        var normalAnswer = await normal.ResponseAsync(1);

        Assert.True(fastAnswer.TryGetProperty("result", out _), fastAnswer.GetRawText());
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(fastAnswer.GetRawText()), JsonNode.Parse(normalAnswer.GetRawText())),
            $"fast: {fastAnswer.GetRawText()}\nnormal: {normalAnswer.GetRawText()}");

        var (a, b) = (fast.Server.Context.State, normal.Server.Context.State);
        Assert.True(a.IsInitialized);
        Assert.True(b.IsInitialized);
        Assert.Equal(b.PositionEncoding, a.PositionEncoding);
        Assert.Equal(b.Client, a.Client);
        Assert.Equal(b.WorkspaceRoots, a.WorkspaceRoots);
        Assert.NotNull(a.InitializeReceived);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public async Task Messages_sent_with_initialize_are_all_handled_in_order(int chunk)
    {
        using var raw = new RawLspConnection();
        var uri = Uri();
        byte[] bytes =
        [
            .. RawLspConnection.Frame(Request(1, "initialize", new { processId = (int?)null, capabilities = new { } })),
            .. RawLspConnection.Frame(Notification("initialized", new { })),
            .. RawLspConnection.Frame(Notification("textDocument/didOpen", new { textDocument = new { uri, languageId = "markdown", version = 1, text = Policy } })),
            .. RawLspConnection.Frame(Request(2, "textDocument/documentSymbol", new { textDocument = new { uri } })),
            .. RawLspConnection.Frame(Request("three", "textDocument/hover", new { textDocument = new { uri }, position = new { line = 2, character = 10 } })),
        ];
        if (chunk == 0)
        {
            await raw.SendRawAsync(bytes);
        }
        else
        {
            for (var i = 0; i < bytes.Length; i += chunk)
            {
                await raw.SendRawAsync(bytes[i..Math.Min(bytes.Length, i + chunk)]);
            }
        }

        var first = await raw.MessageAsync(_ => true);
        Assert.Equal(1, first.GetProperty("id").GetInt32());
        Assert.Equal("utf-16", first.GetProperty("result").GetProperty("capabilities").GetProperty("positionEncoding").GetString());

        Assert.NotEmpty((await raw.ResponseAsync(2)).GetProperty("result").EnumerateArray());
        var hover = await raw.ResponseAsync("three");
        Assert.Contains("PL101", hover.GetProperty("result").GetProperty("contents").GetProperty("value").GetString(), StringComparison.Ordinal);
        var published = await raw.MessageAsync(m => m.TryGetProperty("method", out var method) && method.GetString() == "textDocument/publishDiagnostics");
        Assert.Contains(published.GetProperty("params").GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString() == "PL101");
    }

    [Fact]
    public async Task Initialize_with_a_string_id_is_answered_with_that_id_and_a_second_one_is_refused()
    {
        using var raw = new RawLspConnection();
        await raw.SendRawAsync(RawLspConnection.Frame(Request("init-1", "initialize", new { capabilities = new { } })));
        Assert.True((await raw.ResponseAsync("init-1")).TryGetProperty("result", out _));
        await raw.Server.Listening.WaitAsync(LspTestClient.Timeout);
        await raw.SendRawAsync(RawLspConnection.Frame(Request(2, "initialize", new { capabilities = new { } })));
        Assert.Equal(-32600, (await raw.ResponseAsync(2)).GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_first_message_that_is_not_initialize_goes_the_normal_way()
    {
        using var raw = new RawLspConnection();
        var uri = Uri();

        // A notification before initialize is dropped, a request refused; initialize then works as usual.
        await raw.SendRawAsync(
        [
            .. RawLspConnection.Frame(Notification("textDocument/didOpen", new { textDocument = new { uri, languageId = "markdown", version = 1, text = Policy } })),
            .. RawLspConnection.Frame(Request(4, "textDocument/documentSymbol", new { textDocument = new { uri } })),
        ]);
        Assert.Equal(-32002, (await raw.ResponseAsync(4)).GetProperty("error").GetProperty("code").GetInt32());
        Assert.False(raw.Server.Context.State.IsInitialized);

        var result = await raw.InitializeAsync(new { capabilities = new { general = new { positionEncodings = new[] { "utf-8" } } } });
        Assert.Equal("utf-8", result.GetProperty("result").GetProperty("capabilities").GetProperty("positionEncoding").GetString());
        await raw.SendAsync(new { jsonrpc = "2.0", id = 5, method = "textDocument/documentSymbol", @params = new { textDocument = new { uri } } });
        Assert.Empty((await raw.ResponseAsync(5)).GetProperty("result").EnumerateArray());
    }

    [Theory]
    [InlineData("Content-Length: twelve\r\n\r\n{\"id\":5}", false, -32700)]
    [InlineData("X-Nonsense\r\n\r\n", false, -32700)]
    [InlineData("not json at all", true, -32700)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":", true, -32700)]
    [InlineData("[1, 2, 3]", true, -32600)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"initialize\",\"params\":{}}", true, -32600)]
    public async Task A_malformed_first_message_is_refused_as_before_and_initialize_follows(string first, bool frame, int code)
    {
        using var raw = new RawLspConnection();
        await raw.SendRawAsync(frame ? RawLspConnection.Frame(first) : Encoding.ASCII.GetBytes(first));
        Assert.Equal(code, (await raw.ResponseAsync(null)).GetProperty("error").GetProperty("code").GetInt32());
        var result = await raw.InitializeAsync(new { capabilities = new { } });
        Assert.True(result.TryGetProperty("result", out _), result.GetRawText());
        Assert.True(raw.Server.Context.State.IsInitialized);
    }

    [Theory]
    [InlineData("""{"processId":"abc","capabilities":{}}""")]
    [InlineData("""{"capabilities":{"general":{"positionEncodings":"utf-8"}}}""")]
    [InlineData("""[{"capabilities":{}}]""")]
    public async Task Initialize_parameters_the_handler_cannot_take_get_the_normal_answer(string parameters)
    {
        using var raw = new RawLspConnection();
        await raw.SendRawAsync(RawLspConnection.Frame($$"""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{{parameters}}}"""));
        var answer = await raw.ResponseAsync(1);
        Assert.True(answer.TryGetProperty("error", out var error), answer.GetRawText());
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.False(raw.Server.Context.State.IsInitialized);

        // Nothing was initialized, so a correct initialize is still accepted.
        await raw.SendRawAsync(RawLspConnection.Frame(Request(2, "initialize", new { capabilities = new { } })));
        Assert.True((await raw.ResponseAsync(2)).TryGetProperty("result", out _));
    }

    [Fact]
    public async Task Initialize_is_handled_and_logged_once()
    {
        var sink = new ListSink();
        using var log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger();
        using var raw = new RawLspConnection(log);
        await raw.InitializeAsync(new { capabilities = new { } });
        await raw.SendAsync(new { jsonrpc = "2.0", id = 2, method = "shutdown" });
        await raw.ResponseAsync(2);

        var messages = sink.Messages;
        Assert.Single(messages, m => m.StartsWith("initialize: process", StringComparison.Ordinal));
        Assert.Contains("initialize answered before the JSON-RPC connection was set up", messages);
        Assert.Contains("initialized", messages);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Content-Len")]
    [InlineData("Content-Length: 100\r\n\r\n{\"jsonrpc\":")]
    public async Task Input_ending_before_the_first_message_ends_the_server(string sent)
    {
        var (serverStream, clientStream) = FullDuplexStream.CreatePair();
        using var server = new LanguageServer(serverStream, serverStream, TimeSpan.Zero);
        server.Start();
        await clientStream.WriteAsync(Encoding.ASCII.GetBytes(sent));
        await clientStream.FlushAsync();
        await clientStream.DisposeAsync();
        await server.Completion.WaitAsync(LspTestClient.Timeout);
        Assert.False(server.ShutdownRequested);
    }

    [Fact]
    public async Task A_server_disposed_before_its_first_message_stops_listening_quietly()
    {
        for (var i = 0; i < 20; i++)
        {
            var (serverStream, _) = FullDuplexStream.CreatePair();
            var server = new LanguageServer(serverStream, serverStream, TimeSpan.Zero);
            server.Start();
            server.Dispose();
            await server.Listening.WaitAsync(LspTestClient.Timeout);
        }
    }
}
