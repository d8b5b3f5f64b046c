using System.Diagnostics;
using System.IO.Pipelines;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.VisualStudio.Threading;
using PolicyLsp.Server.Handlers;
using Serilog;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;
using StreamJsonRpc.Reflection;

namespace PolicyLsp.Server;

/// <summary>The PolicyLsp language server over one pair of streams (LSP base protocol: Content-Length headers + JSON-RPC).</summary>
public sealed class LanguageServer : IDisposable
{
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(150);

    public static readonly TimeSpan DefaultClientProcessPoll = TimeSpan.FromSeconds(3);

    private readonly ServerContext _context;
    private readonly InitializeHandler _initialize;
    private readonly MessageFraming _framing;
    private readonly Pipe _messages = new();
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly TimeSpan _clientProcessPoll;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<JsonRpc> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _connecting = new();
    private Connection? _connection;
    private volatile bool _clientProcessExited;

    public LanguageServer(Stream input, Stream output, TimeSpan? debounce = null, ILogger? log = null, TimeSpan? clientProcessPoll = null)
    {
        // Values the client controls (URIs, config keys, region names) must not forge log lines, whatever the sinks.
        Log = (log ?? Serilog.Core.Logger.None).ForContext(new LogEscaping.Enricher());
        _input = input;
        _output = output;
        _clientProcessPoll = clientProcessPoll ?? DefaultClientProcessPoll;

        // Frames are checked before StreamJsonRpc sees them, so a malformed message gets an error instead of closing the
        // connection. StreamJsonRpc is set up once the first message is read: an initialize request is answered before.
        _framing = new MessageFraming(
            input,
            _messages.Writer,
            (id, code, message) => WriteErrorAsync(Connect().Handler, id, code, message),
            Log,
            OnFirstMessageAsync);

        var client = new ClientConnection(() => Connect().Rpc, Log);
        var configuration = new ConfigurationService(Log, p => _ = client.ShowMessageAsync(p));
        var state = new ServerState();
        var documents = new DocumentStore();
        var analyzer = new DocumentAnalyzer(configuration, Log, () => state.WorkspaceRoots, documents.Get);
        var scheduler = new DiagnosticsScheduler(
            documents,
            analyzer,
            state,
            p => Connect().Rpc.NotifyWithParameterObjectAsync("textDocument/publishDiagnostics", p),
            debounce ?? DefaultDebounce,
            Log);
        _context = new ServerContext(state, documents, analyzer, scheduler, client, Log);
        _initialize = new InitializeHandler(_context, WatchClientProcess);
        var closed = _connected.Task.ContinueWith(t => t.Result.Completion, TaskScheduler.Default).Unwrap();
        Completion = Task.WhenAny(_exited.Task, closed).Unwrap().ContinueWith(
            t =>
            {
                _stopping.Cancel();
                scheduler.Dispose();
                if (t.IsFaulted)
                {
                    Log.Warning(t.Exception, "connection closed with an error");
                }
            },
            TaskScheduler.Default);
    }

    public ILogger Log { get; }

    internal ServerContext Context => _context;

    /// <summary>Completes when the client sends <c>exit</c>, the connection closes or the client's process dies.</summary>
    public Task Completion { get; }

    /// <summary>Completes when the JSON-RPC connection listens: the first message was answered (initialize) or handed to it.</summary>
    public Task Listening => _listening.Task;

    /// <summary>True once <c>shutdown</c> was received: <c>exit</c> should then end the process with code 0.</summary>
    public bool ShutdownRequested => _context.State.ShutdownRequested;

    /// <summary>True when the server stopped because the client's process (initialize <c>processId</c>) died.</summary>
    public bool ClientProcessExited => _clientProcessExited;

    public static void ConfigureSerializer(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;

        // A message that leaves out or nulls a field the protocol requires ("textDocument", "uri", "range.start") is
        // invalid params, refused while reading it, rather than a null that fails inside a handler. Required means a
        // non-nullable reference-typed record parameter without a default; optional fields are declared nullable.
        options.RespectNullableAnnotations = true;
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine(LspJsonContext.Default, options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
            .WithAddedModifier(RequireNonNullableParameters);
    }

    private static void RequireNonNullableParameters(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.AssociatedParameter is { IsNullable: false, HasDefaultValue: false } && !property.PropertyType.IsValueType)
            {
                property.IsRequired = true;
            }
        }
    }

    public void Start() => _ = Task.Run(() => _framing.RunAsync(_stopping.Token));

    public void Dispose()
    {
        _stopping.Cancel();
        Connect().Rpc.Dispose();
        _input.Dispose();
    }

    /// <summary>
    /// The first message (null when it is malformed or the input ended): an initialize request is answered here, then
    /// the JSON-RPC connection starts listening for the messages after it. True when the message was answered.
    /// </summary>
    private async ValueTask<bool> OnFirstMessageAsync(byte[]? body)
    {
        try
        {
            if (body is null || InitializeFastPath.TryRead(body) is not { } request)
            {
                return false;
            }

            byte[] response;
            try
            {
                response = InitializeFastPath.Result(request.Id, _initialize.Handle(request.Parameters));
            }
            catch (Exception ex)
            {
                // As the connection answers a handler's exception (a LocalRpcException with its own code).
                var (code, message) = ErrorFor("initialize", ex, Log) is { } error
                    ? ((int)error.Code, error.Message ?? string.Empty)
                    : (((LocalRpcException)ex).ErrorCode, ex.Message);
                response = InitializeFastPath.Error(request.Id, code, message);
            }

            await _output.WriteAsync(response, _stopping.Token);
            await _output.FlushAsync(_stopping.Token);
            Log.Debug("initialize answered before the JSON-RPC connection was set up");
            return true;
        }
        finally
        {
            try
            {
                // Disposed when the server was disposed before its first message: nothing left to listen for.
                var rpc = Connect().Rpc;
                if (!rpc.IsDisposed)
                {
                    rpc.StartListening();
                }
            }
            finally
            {
                _listening.TrySetResult();
            }
        }
    }

    /// <summary>The JSON-RPC connection, set up on first use (after the first message, or when the server is disposed before).</summary>
    private Connection Connect()
    {
        if (Volatile.Read(ref _connection) is { } existing)
        {
            return existing;
        }

        lock (_connecting)
        {
            if (_connection is null)
            {
                var formatter = new SystemTextJsonFormatter();
                ConfigureSerializer(formatter.JsonSerializerOptions);
                var handler = new StrayResponseFilter(new HeaderDelimitedMessageHandler(PipeWriter.Create(_output), _messages.Reader, formatter), Log);
                var rpc = new LoggingJsonRpc(handler, Log)
                {
                    // Handlers run one at a time, in the order messages arrive, so edits are applied in order.
                    SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false),
                };
                RegisterHandlers(rpc);
                Volatile.Write(ref _connection, new Connection(rpc, handler));
                _connected.TrySetResult(rpc);
            }

            return _connection!;
        }
    }

    private sealed record Connection(JsonRpc Rpc, IJsonRpcMessageHandler Handler);

    private static async Task WriteErrorAsync(IJsonRpcMessageHandler handler, RequestId id, int code, string message)
    {
        try
        {
            var error = new JsonRpcError
            {
                RequestId = id,
                Error = new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)code, Message = message },
            };
            await handler.WriteAsync(error, CancellationToken.None);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or IOException or InvalidOperationException)
        {
        }
    }

    private void RegisterHandlers(JsonRpc rpc)
    {
        object[] handlers =
        [
            _initialize,
            new InitializedHandler(_context),
            new ShutdownHandler(_context),
            new ExitHandler(_context, OnExit),
            new DidOpenHandler(_context),
            new DidChangeHandler(_context),
            new DidCloseHandler(_context),
            new DidSaveHandler(_context),
            new HoverHandler(_context),
            new CodeActionHandler(_context),
            new DocumentSymbolHandler(_context),
            new DocumentDiagnosticHandler(_context),
            new WorkspaceDiagnosticHandler(_context),
            new DidChangeConfigurationHandler(_context),
            new DidChangeWatchedFilesHandler(_context),
            new SetTraceHandler(_context),
            new MaterialChangesHandler(_context),
        ];
        foreach (var handler in handlers)
        {
            rpc.AddLocalRpcTarget(handler, new JsonRpcTargetOptions { AllowNonPublicInvocation = false, NotifyClientOfEvents = false });
        }
    }

    private void OnExit()
    {
        _exited.TrySetResult();
        // Let the exit notification finish being processed before the connection is torn down.
        _ = Task.Run(async () =>
        {
            await Task.Yield();
            Connect().Rpc.Dispose();
        });
    }

    /// <summary>Polls the client's process (initialize <c>processId</c>) and stops the server when it is gone.</summary>
    /// <remarks>Looked up off the message loop: loading the process APIs would otherwise delay the initialize result.</remarks>
    private void WatchClientProcess(int processId) => _ = Task.Run(() => StartWatching(processId));

    private void StartWatching(int processId)
    {
        Process process;
        try
        {
            process = Process.GetProcessById(processId);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Typically a client in another PID namespace (a container): its id means nothing here.
            Log.Warning("client process {ProcessId} is not visible to the server; not watching it", processId);
            return;
        }

        Log.Information("watching client process {ProcessId} every {Seconds} s", processId, _clientProcessPoll.TotalSeconds);
        var token = _stopping.Token;
        _ = Task.Run(async () =>
        {
            using (process)
            {
                using var timer = new PeriodicTimer(_clientProcessPoll);
                try
                {
                    while (await timer.WaitForNextTickAsync(token))
                    {
                        if (!IsAlive(process, processId))
                        {
                            Log.Warning("client process {ProcessId} exited; stopping the server", processId);
                            _clientProcessExited = true;
                            OnExit();
                            return;
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
    }

    private static bool IsAlive(Process process, int processId)
    {
        try
        {
            process.Refresh();
            if (process.HasExited)
            {
                return false;
            }

            using var again = Process.GetProcessById(processId);
            return !again.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Logs handler exceptions and maps them to LSP error codes (no stack traces go to the client).</summary>
    /// <summary>
    /// Drops responses to requests the server never sent (or that were already answered): StreamJsonRpc would end the
    /// connection on them, and JSON-RPC says such a message is to be ignored.
    /// </summary>
    private sealed class StrayResponseFilter(IJsonRpcMessageHandler inner, ILogger log) : IJsonRpcMessageHandler, IJsonRpcMessageBufferManager, System.IAsyncDisposable, IDisposable
    {
        private readonly HashSet<RequestId> _pending = [];
        private readonly Lock _lock = new();

        public bool CanRead => inner.CanRead;

        public bool CanWrite => inner.CanWrite;

        public IJsonRpcMessageFormatter Formatter => inner.Formatter;

        public async ValueTask<JsonRpcMessage?> ReadAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var message = await inner.ReadAsync(cancellationToken);
                if (message is not (JsonRpcResult or JsonRpcError) || message is not IJsonRpcMessageWithId withId)
                {
                    return message;
                }

                bool expected;
                lock (_lock)
                {
                    expected = _pending.Remove(withId.RequestId);
                }

                if (expected)
                {
                    return message;
                }

                log.Warning("response to an unknown request {Id} ignored", withId.RequestId);
                (inner as IJsonRpcMessageBufferManager)?.DeserializationComplete(message);
            }
        }

        public ValueTask WriteAsync(JsonRpcMessage jsonRpcMessage, CancellationToken cancellationToken)
        {
            if (jsonRpcMessage is JsonRpcRequest { IsResponseExpected: true } request)
            {
                lock (_lock)
                {
                    _pending.Add(request.RequestId);
                }
            }

            return inner.WriteAsync(jsonRpcMessage, cancellationToken);
        }

        public void DeserializationComplete(JsonRpcMessage message) => (inner as IJsonRpcMessageBufferManager)?.DeserializationComplete(message);

        public async ValueTask DisposeAsync()
        {
            if (inner is System.IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
            else
            {
                (inner as IDisposable)?.Dispose();
            }
        }

        public void Dispose() => (inner as IDisposable)?.Dispose();
    }

    private sealed class LoggingJsonRpc(IJsonRpcMessageHandler handler, ILogger log) : JsonRpc(handler)
    {
        protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception) =>
            ErrorFor(request.Method ?? string.Empty, exception, log) ?? base.CreateErrorDetails(request, exception);
    }

    /// <summary>The error a handler's exception is answered with (and logs it); null for <see cref="LocalRpcException"/>, which carries its own.</summary>
    internal static JsonRpcError.ErrorDetail? ErrorFor(string method, Exception exception, ILogger log)
    {
        var inner = exception is TargetInvocationException { InnerException: { } e } ? e : exception;
        switch (inner)
        {
            case LocalRpcException:
                log.Debug("{Method} rejected: {Message}", method, inner.Message);
                return null;
            case OperationCanceledException:
                log.Debug("{Method} cancelled", method);
                return new JsonRpcError.ErrorDetail { Code = JsonRpcErrorCode.RequestCanceled, Message = "the request was cancelled" };
            case JsonException:
                log.Warning("{Method}: invalid parameters: {Message}", method, inner.Message);
                return new JsonRpcError.ErrorDetail { Code = JsonRpcErrorCode.InvalidParams, Message = $"invalid parameters: {inner.Message}" };
            default:
                log.Error(inner, "{Method} failed", method);
                return new JsonRpcError.ErrorDetail { Code = JsonRpcErrorCode.InternalError, Message = $"internal error in {method} ({inner.GetType().Name})" };
        }
    }
}
