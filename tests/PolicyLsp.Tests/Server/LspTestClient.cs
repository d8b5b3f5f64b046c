using System.Text.Json;
using Nerdbank.Streams;
using PolicyLsp.Server;
using StreamJsonRpc;

namespace PolicyLsp.Tests.Server;

/// <summary>A scripted LSP client connected to a real <see cref="LanguageServer"/> through in-memory streams.</summary>
internal sealed class LspTestClient : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly DiagnosticsRecorder _recorder = new();

    public LspTestClient(TimeSpan? debounce = null)
    {
        var (serverStream, clientStream) = FullDuplexStream.CreatePair();
        Server = new LanguageServer(serverStream, serverStream, debounce ?? TimeSpan.Zero);
        var formatter = new SystemTextJsonFormatter();
        LanguageServer.ConfigureSerializer(formatter.JsonSerializerOptions);
        Rpc = new JsonRpc(new HeaderDelimitedMessageHandler(clientStream, clientStream, formatter));
        Rpc.AddLocalRpcTarget(_recorder);
        Server.Start();
        Rpc.StartListening();
    }

    public LanguageServer Server { get; }

    public JsonRpc Rpc { get; }

    public static string FileUri(string path) => new Uri(path).AbsoluteUri;

    public async Task<JsonElement> RequestAsync(string method, object? parameters = null)
    {
        using var cts = new CancellationTokenSource(Timeout);
        return await Rpc.InvokeWithParameterObjectAsync<JsonElement>(method, parameters, cts.Token);
    }

    public Task NotifyAsync(string method, object? parameters = null) =>
        parameters is null ? Rpc.NotifyAsync(method) : Rpc.NotifyWithParameterObjectAsync(method, parameters);

    public async Task<JsonElement> InitializeAsync(params string[] positionEncodings)
    {
        var capabilities = positionEncodings.Length == 0
            ? (object)new { }
            : new { general = new { positionEncodings } };
        var result = await RequestAsync("initialize", new { processId = Environment.ProcessId, rootUri = (string?)null, capabilities });
        await NotifyAsync("initialized", new { });
        return result;
    }

    public Task OpenAsync(string uri, string text, int version = 1) =>
        NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "markdown", version, text } });

    /// <summary>Waits for a publishDiagnostics for <paramref name="uri"/> (and <paramref name="version"/> when given).</summary>
    public Task<JsonElement> DiagnosticsAsync(string uri, int? version = null) => _recorder.WaitAsync(uri, version);

    public void Dispose()
    {
        Rpc.Dispose();
        Server.Dispose();
    }

    private sealed class DiagnosticsRecorder
    {
        private readonly List<JsonElement> _received = [];
        private readonly SemaphoreSlim _signal = new(0);
        private readonly Lock _lock = new();

        [JsonRpcMethod("textDocument/publishDiagnostics", UseSingleObjectParameterDeserialization = true)]
        public void OnPublish(JsonElement parameters)
        {
            lock (_lock)
            {
                _received.Add(parameters.Clone());
            }

            _signal.Release();
        }

        public async Task<JsonElement> WaitAsync(string uri, int? version)
        {
            var deadline = DateTime.UtcNow + Timeout;
            while (true)
            {
                lock (_lock)
                {
                    var index = _received.FindIndex(p => p.GetProperty("uri").GetString() == uri
                        && (version is null || (p.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.GetInt32() == version)));
                    if (index >= 0)
                    {
                        var found = _received[index];
                        _received.RemoveRange(0, index + 1);
                        return found;
                    }
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !await _signal.WaitAsync(left))
                {
                    throw new TimeoutException($"no diagnostics for {uri} (version {version?.ToString() ?? "any"}) within {Timeout.TotalSeconds} s");
                }
            }
        }
    }
}
