using Serilog;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace PolicyLsp.Server;

/// <summary>
/// The server's JSON-RPC connection: logs handler exceptions and maps them to LSP error codes (no stack traces go to
/// the client), and sends the server's own requests and notifications with one parameter object.
/// </summary>
public sealed class LspJsonRpc : JsonRpc
{
    private readonly ILogger _log;

    internal LspJsonRpc(IJsonRpcMessageHandler handler, ILogger log)
        : base(handler)
    {
        _log = log;
    }

    /// <summary>Sends a notification whose <c>params</c> is <paramref name="parameters"/>.</summary>
    /// <remarks>
    /// What <see cref="JsonRpc.NotifyWithParameterObjectAsync(string, object)"/> does, without its trimming caveat: that is
    /// for formatters that take an untyped object apart by reflection. The server's formatter writes the object whole,
    /// with the generated metadata of its type (<see cref="LspJsonContext"/>).
    /// </remarks>
    public Task NotifyWithObjectAsync(string method, object parameters) =>
        InvokeCoreAsync<object>(RequestId.NotSpecified, method, [parameters], CancellationToken.None, isParameterObject: true);

    /// <summary>Sends a request whose <c>params</c> is <paramref name="parameters"/> (none when null) and reads its result as <typeparamref name="TResult"/>.</summary>
    /// <remarks>As <see cref="NotifyWithObjectAsync"/>, for requests.</remarks>
    public Task<TResult> RequestWithObjectAsync<TResult>(string method, object? parameters, CancellationToken cancellationToken) =>
        InvokeCoreAsync<TResult>(CreateNewRequestId(), method, parameters is null ? null : [parameters], cancellationToken, isParameterObject: true);

    protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception) =>
        LanguageServer.ErrorFor(request.Method ?? string.Empty, exception, _log) ?? base.CreateErrorDetails(request, exception);
}
