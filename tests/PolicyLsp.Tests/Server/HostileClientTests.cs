using System.Text.Json;

namespace PolicyLsp.Tests.Server;

/// <summary>Regression tests for the findings of the security review: each drives the server at the protocol level.</summary>
public sealed class HostileClientTests : IDisposable
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

    private static string Json(object value) => JsonSerializer.Serialize(value);
}
