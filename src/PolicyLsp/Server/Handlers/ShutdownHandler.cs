using System.Text.Json;
using PolyType;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

/// <summary>The JSON-RPC method of <see cref="ShutdownHandler"/>, described at compile time (no reflection over the handler).</summary>
[GenerateShape(IncludeMethods = MethodShapeFlags.PublicInstance)]
public partial interface IShutdownHandler
{
    [JsonRpcMethod("shutdown", UseSingleObjectParameterDeserialization = true)]
    object? Handle(JsonElement? parameters = null);
}

public sealed class ShutdownHandler(ServerContext context) : IShutdownHandler
{
    public object? Handle(JsonElement? parameters = null)
    {
        context.State.RequestShutdown();
        context.Log.Information("shutdown");
        return null;
    }
}
