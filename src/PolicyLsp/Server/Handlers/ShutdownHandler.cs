using System.Text.Json;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

public sealed class ShutdownHandler(ServerContext context)
{
    [JsonRpcMethod("shutdown", UseSingleObjectParameterDeserialization = true)]
    public object? Handle(JsonElement? parameters = null)
    {
        context.State.RequestShutdown();
        context.Log.Information("shutdown");
        return null;
    }
}
