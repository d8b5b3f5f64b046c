using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.VisualStudio.Threading;
using PolicyLsp.Server.Handlers;
using PolyType;
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
    private readonly LspMessageHandler _handler;
    private readonly TimeSpan _clientProcessPoll;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<JsonRpc> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _connecting = new();
    private LspJsonRpc? _rpc;
    private volatile bool _clientProcessExited;

    public LanguageServer(Stream input, Stream output, TimeSpan? debounce = null, ILogger? log = null, TimeSpan? clientProcessPoll = null)
    {
        // Values the client controls (URIs, config keys, region names) must not forge log lines, whatever the sinks.
        Log = (log ?? Serilog.Core.Logger.None).ForContext(new LogEscaping.Enricher());
        _clientProcessPoll = clientProcessPoll ?? DefaultClientProcessPoll;
        var readOptions = new JsonSerializerOptions();
        ConfigureSerializer(readOptions);
        _handler = new LspMessageHandler(input, output, CreateFormatter, readOptions, Log);

        var client = new ClientConnection(Connect, Log);
        var configuration = new ConfigurationService(Log, p => _ = client.ShowMessageAsync(p));
        var state = new ServerState();
        var documents = new DocumentStore();
        var analyzer = new DocumentAnalyzer(configuration, Log, () => state.WorkspaceRoots, documents.Get);
        var scheduler = new DiagnosticsScheduler(
            documents,
            analyzer,
            state,
            p => client.NotifyAsync("textDocument/publishDiagnostics", p),
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

    /// <summary>Completes when the JSON-RPC connection listens: the first message was answered (initialize) or handed to it, or the input ended.</summary>
    public Task Listening => _listening.Task;

    /// <summary>True once <c>shutdown</c> was received: <c>exit</c> should then end the process with code 0.</summary>
    public bool ShutdownRequested => _context.State.ShutdownRequested;

    /// <summary>True when the server stopped because the client's process (initialize <c>processId</c>) died.</summary>
    public bool ClientProcessExited => _clientProcessExited;

    /// <summary>The protocol's serializer settings, with the compile-time metadata of every type the server reads or writes (<see cref="LspJsonContext"/>).</summary>
    public static void ConfigureSerializer(JsonSerializerOptions options) => ConfigureSerializer(options, LspJsonContext.Default);

    /// <summary>The protocol's settings with <paramref name="resolver"/> for the types' metadata (a test client adds reflection for its anonymous types).</summary>
    internal static void ConfigureSerializer(JsonSerializerOptions options, IJsonTypeInfoResolver resolver)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;

        // A message that leaves out or nulls a field the protocol requires ("textDocument", "uri", "range.start") is
        // invalid params, refused while reading it, rather than a null that fails inside a handler. Required means a
        // non-nullable reference-typed record parameter without a default; optional fields are declared nullable.
        options.RespectNullableAnnotations = true;
        // No reflection fallback: a type missing from the context fails in every build (tests included), not only natively.
        options.TypeInfoResolver = resolver.WithAddedModifier(RequireNonNullableParameters);
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

    public void Start() => _ = Task.Run(ListenAsync);

    public void Dispose()
    {
        _stopping.Cancel();
        Connect().Dispose();
    }

    /// <summary>
    /// Reads the first message and answers it when it is an initialize request, then lets the JSON-RPC connection
    /// listen for the rest (the first message too, when it was not answered).
    /// </summary>
    /// <remarks>
    /// This path stays because it holds the startup figure: setting up StreamJsonRpc (its targets' reflection, its first
    /// dispatch) is most of the time from process start to the initialize result (server CPU at the answer 160–190 ms
    /// without it, 90–100 ms with it), so it is done after that answer. It is built on the one handler: the message is
    /// the one the handler read and parsed (no second framing or parse), its parameters are deserialized once with the
    /// protocol's settings, and the answer goes out through the same handler's framing and write lock. Anything this path
    /// does not take (another method, a notification, an id of another kind, parameters that do not deserialize) goes to
    /// the connection unchanged, which answers it as it answers any message.
    /// </remarks>
    private async Task ListenAsync()
    {
        try
        {
            if (await _handler.ReadMessageAsync(_stopping.Token) is { } first && !await TryAnswerInitializeAsync(first))
            {
                _handler.PutBack(first);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // Disposed before the first message (nothing left to listen for), or the output is gone.
            Log.Debug("before the first message: {Message}", ex.Message);
        }
        finally
        {
            try
            {
                var rpc = Connect();
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

    private async Task<bool> TryAnswerInitializeAsync(IncomingMessage message)
    {
        if (message is not { Method: "initialize", Id: { IsEmpty: false, IsNull: false } id })
        {
            return false;
        }

        InitializeParams? parameters;
        try
        {
            parameters = message.ReadParameters<InitializeParams>();
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            // The connection answers it (invalid params), as it answers any request.
            return false;
        }

        if (parameters is null)
        {
            return false;
        }

        try
        {
            await _handler.WriteResultAsync(id, _initialize.Handle(parameters), _stopping.Token);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or ObjectDisposedException or IOException))
        {
            // As the connection answers a handler's exception (a LocalRpcException with its own code).
            var error = new JsonRpcError
            {
                RequestId = id,
                Error = ErrorFor("initialize", ex, Log) ?? new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)((LocalRpcException)ex).ErrorCode, Message = ex.Message },
            };
            await _handler.WriteAsync(error, _stopping.Token);
        }

        Log.Debug("initialize answered before the JSON-RPC connection was set up");
        return true;
    }

    /// <remarks>
    /// StreamJsonRpc marks the formatter as not trim-safe as a whole: its support for exotic types (progress, streams,
    /// pipes, marshalled objects, exceptions) closes generic types at run time. No LSP message carries those; everything
    /// else it serializes goes through the options' resolver, which is the source-generated <see cref="LspJsonContext"/>
    /// alone, as StreamJsonRpc's NativeAOT guidance prescribes for this formatter.
    /// </remarks>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Payloads are serialized with LspJsonContext's generated metadata only; no exotic StreamJsonRpc types are used.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Payloads are serialized with LspJsonContext's generated metadata only; no exotic StreamJsonRpc types are used.")]
    private static SystemTextJsonFormatter CreateFormatter()
    {
        var formatter = new SystemTextJsonFormatter();
        ConfigureSerializer(formatter.JsonSerializerOptions);
        return formatter;
    }

    /// <summary>The JSON-RPC connection, set up on first use (after the first message, or when the server is disposed before).</summary>
    private LspJsonRpc Connect()
    {
        if (Volatile.Read(ref _rpc) is { } existing)
        {
            return existing;
        }

        lock (_connecting)
        {
            if (_rpc is null)
            {
                var rpc = new LspJsonRpc(_handler, Log)
                {
                    // Handlers run one at a time, in the order messages arrive, so edits are applied in order.
                    SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false),
                };
                RegisterHandlers(rpc);
                Volatile.Write(ref _rpc, rpc);
                _connected.TrySetResult(rpc);
            }

            return _rpc!;
        }
    }

    /// <summary>
    /// Each handler is exposed through its one-method interface, whose shape (methods, parameters, attributes, invokers)
    /// PolyType's source generator wrote at compile time: StreamJsonRpc needs no reflection over the handler classes.
    /// </summary>
    private void RegisterHandlers(JsonRpc rpc)
    {
        Add<IInitializeHandler>(_initialize);
        Add<IInitializedHandler>(new InitializedHandler(_context));
        Add<IShutdownHandler>(new ShutdownHandler(_context));
        Add<IExitHandler>(new ExitHandler(_context, OnExit));
        Add<IDidOpenHandler>(new DidOpenHandler(_context));
        Add<IDidChangeHandler>(new DidChangeHandler(_context));
        Add<IDidCloseHandler>(new DidCloseHandler(_context));
        Add<IDidSaveHandler>(new DidSaveHandler(_context));
        Add<IHoverHandler>(new HoverHandler(_context));
        Add<ICodeActionHandler>(new CodeActionHandler(_context));
        Add<IDocumentSymbolHandler>(new DocumentSymbolHandler(_context));
        Add<IDocumentDiagnosticHandler>(new DocumentDiagnosticHandler(_context));
        Add<IWorkspaceDiagnosticHandler>(new WorkspaceDiagnosticHandler(_context));
        Add<IDidChangeConfigurationHandler>(new DidChangeConfigurationHandler(_context));
        Add<IDidChangeWatchedFilesHandler>(new DidChangeWatchedFilesHandler(_context));
        Add<ISetTraceHandler>(new SetTraceHandler(_context));
        Add<IMaterialChangesHandler>(new MaterialChangesHandler(_context));
        Add<IExplainLineHandler>(new ExplainLineHandler(_context));

        void Add<T>(T handler)
            where T : class, IShapeable<T> =>
            rpc.AddLocalRpcTarget(RpcTargetMetadata.FromShape<T>(), handler, new JsonRpcTargetOptions { AllowNonPublicInvocation = false, NotifyClientOfEvents = false });
    }

    private void OnExit()
    {
        _exited.TrySetResult();
        // Let the exit notification finish being processed before the connection is torn down.
        _ = Task.Run(async () =>
        {
            await Task.Yield();
            Connect().Dispose();
        });
    }

    /// <summary>How long the initialize result waits for the client's process to be looked up.</summary>
    private static readonly TimeSpan ClientLookupWait = TimeSpan.FromMilliseconds(500);

    /// <summary>Polls the client's process (initialize <c>processId</c>) and stops the server when it is gone.</summary>
    /// <remarks>
    /// Looked up off the message loop, since loading the process APIs takes a moment, but waited for (briefly) before the
    /// initialize result goes out: a client that exits right after initialize would otherwise already be gone when it is
    /// looked up, which reads as a client in another PID namespace and leaves the server running.
    /// </remarks>
    private void WatchClientProcess(int processId)
    {
        try
        {
            Task.Run(() => StartWatching(processId)).Wait(ClientLookupWait);
        }
        catch (AggregateException ex)
        {
            Log.Warning(ex.InnerException, "client process {ProcessId} could not be watched", processId);
        }
    }

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
