using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PolicyLsp.LspHarness;

/// <summary>A diagnostics notification as the harness saw it: when it arrived and what it said.</summary>
public sealed record Publish(string Uri, int? Version, int DiagnosticCount, long ArrivedTimestamp);

/// <summary>
/// A minimal LSP client over a child process's stdin/stdout: Content-Length framing, System.Text.Json, one reader thread
/// that timestamps every message the moment its body has been read.
/// </summary>
public sealed class LspClient : IDisposable
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly Stream _stdout;
    private readonly Lock _writeLock = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<(JsonElement Message, long Timestamp)>> _requests = new();
    private readonly ConcurrentDictionary<(string Uri, int Version), TaskCompletionSource<Publish>> _publishWaiters = new();
    private readonly ConcurrentQueue<string> _stderrTail = new();
    private readonly Thread _reader;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly JsonObject? _settings;
    private long _nextId;
    private int _publishCount;

    private LspClient(Process process, long startTimestamp, JsonObject? settings)
    {
        _process = process;
        StartTimestamp = startTimestamp;
        _settings = settings;
        _stdin = process.StandardInput.BaseStream;
        _stdout = process.StandardOutput.BaseStream;
        process.ErrorDataReceived += (sender, e) =>
        {
            if (e.Data is { } line)
            {
                _stderrTail.Enqueue(line);
                while (_stderrTail.Count > 20 && _stderrTail.TryDequeue(out _))
                {
                }
            }
        };
        process.BeginErrorReadLine();
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "lsp-reader" };
        _reader.Start();
    }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> taken just before the process was started.</summary>
    public long StartTimestamp { get; }

    public int ProcessId => _process.Id;

    public int PublishCount => Volatile.Read(ref _publishCount);

    public string StderrTail => string.Join(Environment.NewLine, _stderrTail);

    /// <summary>Starts <c>SERVER serve --stdio --log-file LOG</c> (<c>dotnet SERVER.dll …</c> for a dll).</summary>
    /// <param name="settings">What the harness answers for <c>workspace/configuration</c> and sends in <c>didChangeConfiguration</c>.</param>
    public static LspClient Start(string serverPath, string logFile, JsonObject? settings)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (serverPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            info.FileName = "dotnet";
            info.ArgumentList.Add(serverPath);
        }
        else
        {
            info.FileName = serverPath;
        }

        foreach (var arg in new[] { "serve", "--stdio", "--log-file", logFile })
        {
            info.ArgumentList.Add(arg);
        }

        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {serverPath}");
        return new LspClient(process, started, settings);
    }

    public static JsonObject InitializeParams(JsonObject? initializationOptions) => new()
    {
        ["processId"] = Environment.ProcessId,
        ["clientInfo"] = new JsonObject { ["name"] = "policylsp-lsp-harness", ["version"] = "1" },
        ["rootUri"] = null,
        ["capabilities"] = new JsonObject
        {
            ["general"] = new JsonObject { ["positionEncodings"] = new JsonArray("utf-16") },
            ["workspace"] = new JsonObject
            {
                ["configuration"] = true,
                ["didChangeConfiguration"] = new JsonObject { ["dynamicRegistration"] = false },
            },
            // Push diagnostics only: no textDocument.diagnostic (pull) capability is advertised.
            ["textDocument"] = new JsonObject
            {
                ["synchronization"] = new JsonObject { ["dynamicRegistration"] = false, ["didSave"] = false },
                ["publishDiagnostics"] = new JsonObject { ["versionSupport"] = true, ["relatedInformation"] = true },
            },
        },
        ["initializationOptions"] = initializationOptions,
    };

    /// <summary>Sends a request and returns the response with the timestamp at which it arrived.</summary>
    public Task<(JsonElement Message, long Timestamp)> RequestAsync(string method, JsonNode? parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var tcs = new TaskCompletionSource<(JsonElement, long)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests[id] = tcs;
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        return tcs.Task;
    }

    public void Notify(string method, JsonNode? parameters) =>
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    /// <summary>Registers interest in the publish for exactly this version; call before sending the change that causes it.</summary>
    public Task<Publish> ExpectPublish(string uri, int version)
    {
        var tcs = new TaskCompletionSource<Publish>(TaskCreationOptions.RunContinuationsAsynchronously);
        _publishWaiters[(uri, version)] = tcs;
        return tcs.Task;
    }

    public async Task<T> WithTimeout<T>(Task<T> task, TimeSpan timeout, string what)
    {
        var finished = await Task.WhenAny(task, _closed.Task, Task.Delay(timeout));
        if (finished == task)
        {
            return await task;
        }

        var reason = finished == _closed.Task ? "the server closed its output" : $"no answer within {timeout.TotalSeconds:F0} s";
        throw new TimeoutException($"{what}: {reason}.{(StderrTail.Length > 0 ? " Server stderr:" + Environment.NewLine + StderrTail : "")}");
    }

    /// <summary>VmRSS and VmHWM of the server process in KiB, from /proc/PID/status.</summary>
    public (long RssKib, long HwmKib) ReadMemory()
    {
        long rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = ParseKib(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = ParseKib(line);
            }
        }

        return (rss, hwm);
    }

    /// <summary>User + system CPU time the server process has used so far, in ms (from /proc/PID/stat, 10 ms ticks).</summary>
    public double ReadCpuMs()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ", field 3 (state) is index 0, so utime (14) and stime (15) are indices 11 and 12.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks * 10.0;
    }

    /// <summary>shutdown + exit, then waits for the process; kills it if it does not exit in time.</summary>
    public async Task ShutdownAsync()
    {
        try
        {
            await WithTimeout(RequestAsync("shutdown", null), TimeSpan.FromSeconds(10), "shutdown");
            Notify("exit", null);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or IOException)
        {
            Kill();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static long ParseKib(string line) =>
        long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private void Send(JsonObject message)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message);
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        lock (_writeLock)
        {
            _stdin.Write(header);
            _stdin.Write(body);
            _stdin.Flush();
        }
    }

    private void ReadLoop()
    {
        try
        {
            using var input = new BufferedStream(_stdout, 1 << 16);
            while (ReadMessage(input) is { } message)
            {
                var (body, timestamp) = message;
                using var document = JsonDocument.Parse(body);
                Dispatch(document.RootElement, timestamp);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or JsonException or FormatException)
        {
            _stderrTail.Enqueue($"[harness] reader stopped: {ex.Message}");
        }
        finally
        {
            _closed.TrySetResult();
        }
    }

    private static (byte[] Body, long Timestamp)? ReadMessage(Stream input)
    {
        var length = -1;
        var line = new StringBuilder();
        while (true)
        {
            line.Clear();
            int b;
            while ((b = input.ReadByte()) != '\n')
            {
                if (b < 0)
                {
                    return null;
                }

                if (b != '\r')
                {
                    line.Append((char)b);
                }
            }

            if (line.Length == 0)
            {
                break;
            }

            var header = line.ToString();
            var colon = header.IndexOf(':');
            if (colon > 0 && header[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(header[(colon + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        if (length < 0)
        {
            throw new FormatException("message without Content-Length");
        }

        var body = new byte[length];
        input.ReadExactly(body);
        return (body, Stopwatch.GetTimestamp());
    }

    private void Dispatch(JsonElement message, long timestamp)
    {
        var hasId = message.TryGetProperty("id", out var id);
        if (message.TryGetProperty("method", out var methodElement))
        {
            var method = methodElement.GetString();
            var parameters = message.TryGetProperty("params", out var p) ? p : default;
            if (hasId)
            {
                AnswerServerRequest(id, method, parameters);
            }
            else if (method == "textDocument/publishDiagnostics")
            {
                OnPublish(parameters, timestamp);
            }

            return;
        }

        if (hasId && id.ValueKind == JsonValueKind.Number && _requests.TryRemove(id.GetInt64(), out var tcs))
        {
            tcs.TrySetResult((message.Clone(), timestamp));
        }
    }

    private void OnPublish(JsonElement parameters, long timestamp)
    {
        Interlocked.Increment(ref _publishCount);
        var uri = parameters.GetProperty("uri").GetString() ?? "";
        int? version = parameters.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
        var count = parameters.TryGetProperty("diagnostics", out var d) && d.ValueKind == JsonValueKind.Array ? d.GetArrayLength() : 0;
        if (version is { } ver && _publishWaiters.TryRemove((uri, ver), out var waiter))
        {
            waiter.TrySetResult(new Publish(uri, version, count, timestamp));
        }
    }

    /// <summary>Answers server-to-client requests: workspace/configuration from the settings, everything else with null.</summary>
    private void AnswerServerRequest(JsonElement id, string? method, JsonElement parameters)
    {
        JsonNode? result = null;
        if (method == "workspace/configuration" && parameters.ValueKind == JsonValueKind.Object
            && parameters.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            var answers = new JsonArray();
            foreach (var item in items.EnumerateArray())
            {
                var section = item.TryGetProperty("section", out var s) ? s.GetString() : null;
                answers.Add(Lookup(section)?.DeepClone());
            }

            result = answers;
        }

        Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonNode.Parse(id.GetRawText()), ["result"] = result });
    }

    private JsonNode? Lookup(string? section)
    {
        JsonNode? node = _settings;
        if (string.IsNullOrEmpty(section))
        {
            return node;
        }

        foreach (var part in section.Split('.'))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(part, out var child) ? child : null;
        }

        return node;
    }
}
