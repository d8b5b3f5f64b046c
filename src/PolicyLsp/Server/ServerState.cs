using StreamJsonRpc;

namespace PolicyLsp.Server;

/// <summary>The lifecycle state shared by the handlers: initialized, shut down, and the negotiated position encoding.</summary>
public sealed class ServerState
{
    private int _initialized;
    private volatile bool _shutdownRequested;

    public bool IsInitialized => Volatile.Read(ref _initialized) == 1;

    public bool ShutdownRequested => _shutdownRequested;

    public string PositionEncoding { get; private set; } = PositionEncodingKind.Utf16;

    /// <summary>Picks UTF-8 when the client prefers it (lists it first), else UTF-16, which every client supports.</summary>
    public static string Negotiate(IReadOnlyList<string>? offered) =>
        offered is { Count: > 0 } && offered[0] == PositionEncodingKind.Utf8 ? PositionEncodingKind.Utf8 : PositionEncodingKind.Utf16;

    public string Initialize(IReadOnlyList<string>? offeredEncodings)
    {
        if (Interlocked.CompareExchange(ref _initialized, 1, 0) != 0)
        {
            throw new LocalRpcException("initialize was already received") { ErrorCode = LspErrorCodes.InvalidRequest };
        }

        PositionEncoding = Negotiate(offeredEncodings);
        return PositionEncoding;
    }

    public void RequestShutdown()
    {
        EnsureReady();
        _shutdownRequested = true;
    }

    /// <summary>Throws the LSP error for requests that arrive before initialize or after shutdown.</summary>
    public void EnsureReady()
    {
        if (!IsInitialized)
        {
            throw new LocalRpcException("the server has not been initialized") { ErrorCode = LspErrorCodes.ServerNotInitialized };
        }

        if (_shutdownRequested)
        {
            throw new LocalRpcException("the server is shutting down") { ErrorCode = LspErrorCodes.InvalidRequest };
        }
    }

    /// <summary>Notifications before initialize or after shutdown are dropped.</summary>
    public bool AcceptsNotifications => IsInitialized && !_shutdownRequested;
}
