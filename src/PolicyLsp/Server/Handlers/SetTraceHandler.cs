using System.Text.Json;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

/// <summary><c>$/setTrace</c>: the server logs to its own file, so the level is only noted. Other <c>$/</c> notifications are ignored.</summary>
public sealed class SetTraceHandler(ServerContext context)
{
    [JsonRpcMethod("$/setTrace", UseSingleObjectParameterDeserialization = true)]
    public void Handle(JsonElement? parameters = null) =>
        context.Log.Debug("$/setTrace {Value}", parameters is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("value", out var v) ? v.ToString() : null);
}
