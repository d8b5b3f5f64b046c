using System.Text.Json;
using PolyType;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

/// <summary>The JSON-RPC method of <see cref="SetTraceHandler"/>, described at compile time (no reflection over the handler).</summary>
[GenerateShape(IncludeMethods = MethodShapeFlags.PublicInstance)]
public partial interface ISetTraceHandler
{
    [JsonRpcMethod("$/setTrace", UseSingleObjectParameterDeserialization = true)]
    void Handle(JsonElement? parameters = null);
}

/// <summary><c>$/setTrace</c>: the server logs to its own file, so the level is only noted. Other <c>$/</c> notifications are ignored.</summary>
public sealed class SetTraceHandler(ServerContext context) : ISetTraceHandler
{
    public void Handle(JsonElement? parameters = null) =>
        context.Log.Debug("$/setTrace {Value}", parameters is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("value", out var v) ? v.ToString() : null);
}
