using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

public sealed class DidOpenHandler(ServerContext context)
{
    [JsonRpcMethod("textDocument/didOpen", UseSingleObjectParameterDeserialization = true)]
    public void Handle(DidOpenTextDocumentParams parameters)
    {
        if (!context.State.AcceptsNotifications)
        {
            return;
        }

        var item = parameters.TextDocument;
        context.Documents.Open(item.Uri, item.Text ?? string.Empty, item.Version);
        context.Analyzer.Workspace.Open(item.Uri);
        context.Log.Debug("didOpen {Uri} v{Version} ({Length} chars)", item.Uri, item.Version, item.Text?.Length ?? 0);
        context.Diagnostics.Schedule(item.Uri);
        context.LinkedDocumentChanged(item.Uri);
    }
}
