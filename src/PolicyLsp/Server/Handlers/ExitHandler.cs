using System.Text.Json;
using PolyType;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

/// <summary>The JSON-RPC method of <see cref="ExitHandler"/>, described at compile time (no reflection over the handler).</summary>
[GenerateShape(IncludeMethods = MethodShapeFlags.PublicInstance)]
public partial interface IExitHandler
{
    [JsonRpcMethod("exit", UseSingleObjectParameterDeserialization = true)]
    void Handle(JsonElement? parameters = null);
}

public sealed class ExitHandler(ServerContext context, Action onExit) : IExitHandler
{
    public void Handle(JsonElement? parameters = null)
    {
        context.Log.Information("exit (shutdown received: {Shutdown})", context.State.ShutdownRequested);
        onExit();
    }
}
