using System.Text.Json;
using PolicyLsp.Cli;
using PolyType;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

/// <summary>The JSON-RPC method of <see cref="InitializeHandler"/>, described at compile time (no reflection over the handler).</summary>
[GenerateShape(IncludeMethods = MethodShapeFlags.PublicInstance)]
public partial interface IInitializeHandler
{
    [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
    InitializeResult Handle(InitializeParams parameters);
}

public sealed class InitializeHandler(ServerContext context, Action<int> watchClientProcess) : IInitializeHandler
{
    public const string DiagnosticIdentifier = "policylsp";

    public InitializeResult Handle(InitializeParams parameters)
    {
        var encoding = context.State.Initialize(parameters.Capabilities?.General?.PositionEncodings);
        var client = ClientFeatures.From(parameters.Capabilities);
        var roots = ClientFeatures.RootsFrom(parameters);
        context.State.Configure(client, roots);
        context.Log.Information(
            "initialize: process {ProcessId}, position encoding {Encoding}, {Roots} workspace folders, {Mode} diagnostics",
            parameters.ProcessId,
            encoding,
            roots.Count,
            client.PullDiagnostics ? "pull" : "push");
        if (parameters.ProcessId is { } processId and > 0)
        {
            watchClientProcess(processId);
        }

        return new InitializeResult(
            new ServerCapabilities(
                encoding,
                new TextDocumentSyncOptions(OpenClose: true, Change: 2, new SaveOptions(IncludeText: false)),
                HoverProvider: true,
                new CodeActionOptions(["quickfix"]),
                DocumentSymbolProvider: true,
                new DiagnosticOptions(DiagnosticIdentifier, InterFileDependencies: true, WorkspaceDiagnostics: true)),
            new ServerInfo("policylsp", Usage.Version));
    }
}

/// <summary>The JSON-RPC method of <see cref="InitializedHandler"/>, described at compile time (no reflection over the handler).</summary>
[GenerateShape(IncludeMethods = MethodShapeFlags.PublicInstance)]
public partial interface IInitializedHandler
{
    [JsonRpcMethod("initialized", UseSingleObjectParameterDeserialization = true)]
    void Handle(JsonElement? parameters = null);
}

public sealed class InitializedHandler(ServerContext context) : IInitializedHandler
{
    public void Handle(JsonElement? parameters = null)
    {
        context.Log.Debug("initialized");
        if (!context.State.AcceptsNotifications)
        {
            return;
        }

        ServerWarmup.Start(context);

        // Neither waits on the message loop: the client answers while the server keeps handling messages.
        if (context.State.Client.DynamicWatchedFiles)
        {
            _ = context.Client.RegisterConfigWatcherAsync();
        }

        if (context.State.Client.Configuration)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await context.FetchEditorSettingsAsync();
                }
                catch (Exception ex)
                {
                    context.Log.Error(ex, "applying the editor settings failed");
                }
            });
        }
    }
}
