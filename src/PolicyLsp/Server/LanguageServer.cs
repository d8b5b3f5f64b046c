using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.VisualStudio.Threading;
using PolicyLsp.Server.Handlers;
using Serilog;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace PolicyLsp.Server;

/// <summary>The PolicyLsp language server over one pair of streams (LSP base protocol: Content-Length headers + JSON-RPC).</summary>
public sealed class LanguageServer : IDisposable
{
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(150);

    private readonly LoggingJsonRpc _rpc;
    private readonly ServerContext _context;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LanguageServer(Stream input, Stream output, TimeSpan? debounce = null, ILogger? log = null)
    {
        Log = log ?? Serilog.Core.Logger.None;
        var formatter = new SystemTextJsonFormatter();
        ConfigureSerializer(formatter.JsonSerializerOptions);
        _rpc = new LoggingJsonRpc(new HeaderDelimitedMessageHandler(output, input, formatter), Log)
        {
            // Handlers run one at a time, in the order messages arrive, so edits are applied in order.
            SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false),
        };

        var state = new ServerState();
        var documents = new DocumentStore();
        var analyzer = new DocumentAnalyzer(Log);
        var scheduler = new DiagnosticsScheduler(
            documents,
            analyzer,
            state,
            p => _rpc.NotifyWithParameterObjectAsync("textDocument/publishDiagnostics", p),
            debounce ?? DefaultDebounce,
            Log);
        _context = new ServerContext(state, documents, analyzer, scheduler, Log);
        RegisterHandlers();
        Completion = Task.WhenAny(_exited.Task, _rpc.Completion).Unwrap().ContinueWith(
            t =>
            {
                scheduler.Dispose();
                if (t.IsFaulted)
                {
                    Log.Warning(t.Exception, "connection closed with an error");
                }
            },
            TaskScheduler.Default);
    }

    public ILogger Log { get; }

    /// <summary>Completes when the client sends <c>exit</c> or the connection closes.</summary>
    public Task Completion { get; }

    /// <summary>True once <c>shutdown</c> was received: <c>exit</c> should then end the process with code 0.</summary>
    public bool ShutdownRequested => _context.State.ShutdownRequested;

    public static void ConfigureSerializer(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    }

    public void Start() => _rpc.StartListening();

    public void Dispose() => _rpc.Dispose();

    private void RegisterHandlers()
    {
        object[] handlers =
        [
            new InitializeHandler(_context),
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

    /// <summary>Logs handler exceptions; StreamJsonRpc still turns them into the request's JSON-RPC error.</summary>
    private sealed class LoggingJsonRpc(IJsonRpcMessageHandler handler, ILogger log) : JsonRpc(handler)
    {
        protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
        {
            var inner = exception is TargetInvocationException { InnerException: { } e } ? e : exception;
            if (inner is LocalRpcException)
            {
                log.Debug("{Method} rejected: {Message}", request.Method, inner.Message);
            }
            else
            {
                log.Error(inner, "{Method} failed", request.Method);
            }

            return base.CreateErrorDetails(request, exception);
        }
    }
}
