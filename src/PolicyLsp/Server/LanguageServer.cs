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

    private readonly LoggingJsonRpc _rpc;
    private readonly ServerContext _context;
    private readonly MessageFraming _framing;
    private readonly Stream _input;
    private readonly TimeSpan _clientProcessPoll;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _clientProcessExited;

    public LanguageServer(Stream input, Stream output, TimeSpan? debounce = null, ILogger? log = null, TimeSpan? clientProcessPoll = null)
    {
        Log = log ?? Serilog.Core.Logger.None;
        _input = input;
        _clientProcessPoll = clientProcessPoll ?? DefaultClientProcessPoll;
        var formatter = new SystemTextJsonFormatter();
        ConfigureSerializer(formatter.JsonSerializerOptions);

        // Frames are checked before StreamJsonRpc sees them, so a malformed message gets an error instead of closing the connection.
        var pipe = new Pipe();
        var messageHandler = new StrayResponseFilter(new HeaderDelimitedMessageHandler(PipeWriter.Create(output), pipe.Reader, formatter), Log);
        _framing = new MessageFraming(
            input,
            pipe.Writer,
            (id, code, message) => WriteErrorAsync(messageHandler, id, code, message),
            Log);
        _rpc = new LoggingJsonRpc(messageHandler, Log)
        {
            // Handlers run one at a time, in the order messages arrive, so edits are applied in order.
            SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false),
        };

        var client = new ClientConnection(_rpc, Log);
        var configuration = new ConfigurationService(Log, p => _ = client.ShowMessageAsync(p));
        var state = new ServerState();
        var documents = new DocumentStore();
        var analyzer = new DocumentAnalyzer(configuration, Log);
        var scheduler = new DiagnosticsScheduler(
            documents,
            analyzer,
            state,
            p => _rpc.NotifyWithParameterObjectAsync("textDocument/publishDiagnostics", p),
            debounce ?? DefaultDebounce,
            Log);
        _context = new ServerContext(state, documents, analyzer, scheduler, client, Log);
        RegisterHandlers();
        Completion = Task.WhenAny(_exited.Task, _rpc.Completion).Unwrap().ContinueWith(
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

    public void Start()
    {
        _rpc.StartListening();
        _ = Task.Run(() => _framing.RunAsync(_stopping.Token));
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _rpc.Dispose();
        _input.Dispose();
    }

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

    private void RegisterHandlers()
    {
        object[] handlers =
        [
            new InitializeHandler(_context, WatchClientProcess),
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
        ];
        foreach (var handler in handlers)
        {
            _rpc.AddLocalRpcTarget(handler, new JsonRpcTargetOptions { AllowNonPublicInvocation = false, NotifyClientOfEvents = false });
        }
    }

    private void OnExit()
    {
        _exited.TrySetResult();
        // Let the exit notification finish being processed before the connection is torn down.
        _ = Task.Run(async () =>
        {
            await Task.Yield();
            _rpc.Dispose();
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
        protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
        {
            var inner = exception is TargetInvocationException { InnerException: { } e } ? e : exception;
            switch (inner)
            {
                case LocalRpcException:
                    log.Debug("{Method} rejected: {Message}", request.Method, inner.Message);
                    return base.CreateErrorDetails(request, exception);
                case OperationCanceledException:
                    log.Debug("{Method} cancelled", request.Method);
                    return new JsonRpcError.ErrorDetail { Code = JsonRpcErrorCode.RequestCanceled, Message = "the request was cancelled" };
                case JsonException:
                    log.Warning("{Method}: invalid parameters: {Message}", request.Method, inner.Message);
                    return new JsonRpcError.ErrorDetail { Code = JsonRpcErrorCode.InvalidParams, Message = $"invalid parameters: {inner.Message}" };
                default:
                    log.Error(inner, "{Method} failed", request.Method);
                    return new JsonRpcError.ErrorDetail { Code = JsonRpcErrorCode.InternalError, Message = $"internal error in {request.Method} ({inner.GetType().Name})" };
            }
        }
    }
}
