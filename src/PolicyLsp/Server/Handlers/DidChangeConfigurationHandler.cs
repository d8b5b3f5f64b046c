using System.Text.Json;
using PolyType;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

/// <summary>The JSON-RPC method of <see cref="DidChangeConfigurationHandler"/>, described at compile time (no reflection over the handler).</summary>
[GenerateShape(IncludeMethods = MethodShapeFlags.PublicInstance)]
public partial interface IDidChangeConfigurationHandler
{
    [JsonRpcMethod("workspace/didChangeConfiguration", UseSingleObjectParameterDeserialization = true)]
    Task HandleAsync(DidChangeConfigurationParams? parameters);
}

public sealed class DidChangeConfigurationHandler(ServerContext context) : IDidChangeConfigurationHandler
{
    public async Task HandleAsync(DidChangeConfigurationParams? parameters)
    {
        if (!context.State.AcceptsNotifications)
        {
            return;
        }

        // Push-style clients send the section; pull-style ones send null and expect the server to ask.
        if (parameters?.Settings is { ValueKind: JsonValueKind.Object } settings && settings.TryGetProperty(ConfigurationService.Section, out var section))
        {
            context.Log.Debug("didChangeConfiguration with settings");
            await context.ApplyEditorSettingsAsync(section);
        }
        else if (context.State.Client.Configuration)
        {
            context.Log.Debug("didChangeConfiguration: asking for the settings");
            await context.FetchEditorSettingsAsync();
        }
        else
        {
            context.Log.Debug("didChangeConfiguration without a {Section} section ignored", ConfigurationService.Section);
        }
    }
}
