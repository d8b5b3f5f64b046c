using System.Globalization;
using System.Text;
using System.Text.Json;
using Nerdbank.Streams;
using PolicyLsp.Server;
using Serilog;

namespace PolicyLsp.Tests.Server;

/// <summary>A byte-level LSP client: sends hand-made frames (also broken ones) and reads the server's messages as JSON.</summary>
internal sealed class RawLspConnection : IDisposable
{
    private readonly Stream _stream;
    private readonly List<JsonElement> _unclaimed = [];

    /// <param name="debounce">The server's quiet period before it analyses an edited document (none by default).</param>
    public RawLspConnection(ILogger? log = null, TimeSpan? debounce = null)
    {
        var (serverStream, clientStream) = FullDuplexStream.CreatePair();
        Server = new LanguageServer(serverStream, serverStream, debounce ?? TimeSpan.Zero, log);
        Server.Start();
        _stream = clientStream;
    }

    /// <summary>Talks to another process (or any pair of streams) instead of an in-process server.</summary>
    public RawLspConnection(Stream toServer, Stream fromServer)
    {
        _stream = new SplitStream(fromServer, toServer);
    }

    public LanguageServer Server { get; } = null!;

    public static byte[] Frame(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n"), .. body];
    }

    public async Task SendRawAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    public Task SendAsync(object message) => SendRawAsync(Frame(JsonSerializer.Serialize(message)));

    /// <summary>shutdown (as request <paramref name="id"/>), then exit: the server process must end with code 0.</summary>
    public async Task ShutdownAndExitAsync(System.Diagnostics.Process process, int id)
    {
        await SendAsync(new { jsonrpc = "2.0", id, method = "shutdown" });
        await ResponseAsync(id);
        await SendAsync(new { jsonrpc = "2.0", method = "exit" });
        await process.WaitForExitAsync().WaitAsync(LspTestClient.Timeout);
        Assert.Equal(0, process.ExitCode);
    }

    public async Task<JsonElement> InitializeAsync(object parameters)
    {
        await SendAsync(new { jsonrpc = "2.0", id = 1, method = "initialize", @params = parameters });
        var response = await ResponseAsync(1);
        await SendAsync(new { jsonrpc = "2.0", method = "initialized", @params = new { } });
        return response;
    }

    /// <summary>The response with this id (messages read on the way are kept for later calls).</summary>
    public Task<JsonElement> ResponseAsync(object? id) =>
        MessageAsync(m => m.TryGetProperty("id", out var got) && !m.TryGetProperty("method", out _) && Same(got, id));

    /// <summary>The next message from the server that matches.</summary>
    public async Task<JsonElement> MessageAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? LspTestClient.Timeout);
        var index = _unclaimed.FindIndex(m => match(m));
        if (index >= 0)
        {
            var found = _unclaimed[index];
            _unclaimed.RemoveAt(index);
            return found;
        }

        while (true)
        {
            var message = await ReadMessageAsync(cts.Token);
            if (match(message))
            {
                return message;
            }

            _unclaimed.Add(message);
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        Server?.Dispose();
    }

    private static bool Same(JsonElement got, object? id) => id switch
    {
        null => got.ValueKind == JsonValueKind.Null,
        int number => got.ValueKind == JsonValueKind.Number && got.GetInt32() == number,
        string text => got.ValueKind == JsonValueKind.String && got.GetString() == text,
        _ => false,
    };

    private async Task<JsonElement> ReadMessageAsync(CancellationToken cancellationToken)
    {
        var header = new StringBuilder();
        var one = new byte[1];
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await _stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new EndOfStreamException("the server closed the connection");
            }

            header.Append((char)one[0]);
        }

        var lengthLine = header.ToString().Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = int.Parse(lengthLine["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
        var body = new byte[length];
        await _stream.ReadExactlyAsync(body, cancellationToken);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>Reads from one stream and writes to another (a process's stdout and stdin).</summary>
    private sealed class SplitStream(Stream read, Stream write) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => write.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => write.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => read.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => read.ReadAsync(buffer, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => write.WriteAsync(buffer, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => write.Write(buffer, offset, count);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                write.Dispose();
                read.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
