using System.Text.Json;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

public sealed class ExitHandler(ServerContext context, Action onExit)
{
    [JsonRpcMethod("exit", UseSingleObjectParameterDeserialization = true)]
    public void Handle(JsonElement? parameters = null)
    {
        context.Log.Information("exit (shutdown received: {Shutdown})", context.State.ShutdownRequested);
        onExit();
    }
}
