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

    /// <summary>What the client said it supports in <c>initialize</c>.</summary>
    public ClientFeatures Client { get; private set; } = ClientFeatures.None;

    /// <summary>Local folders of the workspace (from <c>workspaceFolders</c>, else <c>rootUri</c>/<c>rootPath</c>).</summary>
    public IReadOnlyList<string> WorkspaceRoots { get; private set; } = [];

    /// <summary>When <c>initialize</c> arrived, in wall-clock and process CPU time (for the startup log line).</summary>
    public (DateTime UtcTime, TimeSpan CpuTime)? InitializeReceived { get; private set; }

    /// <summary>True when the client pulls diagnostics: the server then never pushes them.</summary>
    public bool PullDiagnostics => Client.PullDiagnostics;

    /// <summary>Picks UTF-8 when the client prefers it (lists it first), else UTF-16, which every client supports.</summary>
    public static string Negotiate(IReadOnlyList<string>? offered) =>
        offered is { Count: > 0 } && offered[0] == PositionEncodingKind.Utf8 ? PositionEncodingKind.Utf8 : PositionEncodingKind.Utf16;

    public string Initialize(IReadOnlyList<string>? offeredEncodings)
    {
        if (Interlocked.CompareExchange(ref _initialized, 1, 0) != 0)
        {
            throw new LocalRpcException("initialize was already received") { ErrorCode = LspErrorCodes.InvalidRequest };
        }

        InitializeReceived = (DateTime.UtcNow, Environment.CpuUsage.TotalTime);
        PositionEncoding = Negotiate(offeredEncodings);
        return PositionEncoding;
    }

    public void Configure(ClientFeatures client, IReadOnlyList<string> workspaceRoots)
    {
        Client = client;
        WorkspaceRoots = workspaceRoots;
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

/// <summary>The client capabilities the server acts on.</summary>
public sealed record ClientFeatures(
    bool PullDiagnostics,
    bool Configuration,
    bool DynamicWatchedFiles,
    bool DiagnosticRefresh)
{
    public static readonly ClientFeatures None = new(false, false, false, false);

    public static ClientFeatures From(ClientCapabilities? capabilities) => new(
        PullDiagnostics: capabilities?.TextDocument?.Diagnostic is not null,
        Configuration: capabilities?.Workspace?.Configuration == true,
        DynamicWatchedFiles: capabilities?.Workspace?.DidChangeWatchedFiles?.DynamicRegistration == true,
        DiagnosticRefresh: capabilities?.Workspace?.Diagnostics?.RefreshSupport == true);

    /// <summary>The workspace folders as local paths; non-file URIs are skipped.</summary>
    public static IReadOnlyList<string> RootsFrom(InitializeParams parameters)
    {
        IEnumerable<string?> uris = parameters.WorkspaceFolders is { Count: > 0 } folders
            ? folders.Select(f => f?.Uri)
            : [parameters.RootUri];
        var roots = uris.Select(u => u is null ? null : DocumentAnalyzer.LocalPath(u))
            .OfType<string>()
            .ToList();
        if (roots.Count == 0 && parameters.WorkspaceFolders is not { Count: > 0 } && !string.IsNullOrEmpty(parameters.RootPath))
        {
            roots.Add(parameters.RootPath);
        }

        return roots.Select(FullPath).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
    }

    private static string? FullPath(string path)
    {
        try
        {
            return Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }
}
