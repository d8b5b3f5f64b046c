using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Nerdbank.Streams;
using PolicyLsp.Server;
using Serilog;
using StreamJsonRpc;

namespace PolicyLsp.Tests.Server;

/// <summary>A scripted LSP client connected to a real <see cref="LanguageServer"/> through in-memory streams.</summary>
internal sealed class LspTestClient : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly DiagnosticsRecorder _recorder = new();

    public LspTestClient(TimeSpan? debounce = null, ILogger? log = null, TimeSpan? clientProcessPoll = null)
    {
        var (serverStream, clientStream) = FullDuplexStream.CreatePair();
        Server = new LanguageServer(serverStream, serverStream, debounce ?? TimeSpan.Zero, log, clientProcessPoll);
        var formatter = new SystemTextJsonFormatter();
        // The server's settings, plus reflection for the test's anonymous parameter objects.
        LanguageServer.ConfigureSerializer(formatter.JsonSerializerOptions, JsonTypeInfoResolver.Combine(LspJsonContext.Default, new DefaultJsonTypeInfoResolver()));
        Rpc = new JsonRpc(new HeaderDelimitedMessageHandler(clientStream, clientStream, formatter));
        Rpc.AddLocalRpcTarget(_recorder);
        Rpc.AddLocalRpcTarget(Requests);
        Server.Start();
        Rpc.StartListening();
    }

    public LanguageServer Server { get; }

    public JsonRpc Rpc { get; }

    /// <summary>What the server asked of the client (configuration, registrations, refreshes, messages).</summary>
    public ServerRequests Requests { get; } = new();

    /// <summary>Capabilities of a client that pulls diagnostics, answers workspace/configuration, watches files dynamically and supports refresh.</summary>
    public static object FullCapabilities => new
    {
        textDocument = new { diagnostic = new { dynamicRegistration = false } },
        workspace = new
        {
            configuration = true,
            didChangeWatchedFiles = new { dynamicRegistration = true },
            diagnostics = new { refreshSupport = true },
        },
    };

    public async Task<JsonElement> InitializeAsync(object capabilities, string? rootUri = null, object[]? workspaceFolders = null, int? processId = null)
    {
        var result = await RequestAsync("initialize", new { processId = processId ?? Environment.ProcessId, rootUri, workspaceFolders, capabilities });
        await NotifyAsync("initialized", new { });
        return result;
    }

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

    /// <summary>How many publishDiagnostics notifications arrived so far.</summary>
    public int PublishedCount => _recorder.Total;

    public void Dispose()
    {
        Rpc.Dispose();
        Server.Dispose();
    }

    /// <summary>Answers the server's requests to the client and records them.</summary>
    public sealed class ServerRequests
    {
        private readonly Lock _lock = new();
        private readonly List<(string Method, JsonElement Parameters)> _received = [];

        /// <summary>The <c>policyLsp</c> section returned for workspace/configuration (null = no settings).</summary>
        public JsonElement? Settings { get; set; }

        public static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

        public IReadOnlyList<JsonElement> Received(string method)
        {
            lock (_lock)
            {
                return _received.Where(r => r.Method == method).Select(r => r.Parameters).ToList();
            }
        }

        /// <summary>Waits until <paramref name="method"/> was received at least <paramref name="count"/> times.</summary>
        public async Task<IReadOnlyList<JsonElement>> WaitForAsync(string method, int count = 1)
        {
            var deadline = DateTime.UtcNow + Timeout;
            while (true)
            {
                var received = Received(method);
                if (received.Count >= count)
                {
                    return received;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{method} received {received.Count} times, expected {count}");
                }

                await Task.Delay(20);
            }
        }

        [JsonRpcMethod("workspace/configuration", UseSingleObjectParameterDeserialization = true)]
        public JsonElement?[] Configuration(JsonElement parameters)
        {
            Record("workspace/configuration", parameters);
            return parameters.GetProperty("items").EnumerateArray().Select(_ => Settings).ToArray();
        }

        [JsonRpcMethod("client/registerCapability", UseSingleObjectParameterDeserialization = true)]
        public object? RegisterCapability(JsonElement parameters)
        {
            Record("client/registerCapability", parameters);
            return null;
        }

        [JsonRpcMethod("workspace/diagnostic/refresh")]
        public object? Refresh()
        {
            Record("workspace/diagnostic/refresh", default);
            return null;
        }

        [JsonRpcMethod("window/showMessage", UseSingleObjectParameterDeserialization = true)]
        public void ShowMessage(JsonElement parameters) => Record("window/showMessage", parameters);

        private void Record(string method, JsonElement parameters)
        {
            lock (_lock)
            {
                _received.Add((method, parameters.ValueKind == JsonValueKind.Undefined ? parameters : parameters.Clone()));
            }
        }
    }

    private sealed class DiagnosticsRecorder
    {
        private readonly List<JsonElement> _received = [];
        private readonly SemaphoreSlim _signal = new(0);
        private readonly Lock _lock = new();
        private int _total;

        public int Total => Volatile.Read(ref _total);

        [JsonRpcMethod("textDocument/publishDiagnostics", UseSingleObjectParameterDeserialization = true)]
        public void OnPublish(JsonElement parameters)
        {
            Interlocked.Increment(ref _total);
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
