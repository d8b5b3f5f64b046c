using System.Text.Json;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

public sealed class DidChangeConfigurationHandler(ServerContext context)
{
    [JsonRpcMethod("workspace/didChangeConfiguration", UseSingleObjectParameterDeserialization = true)]
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
