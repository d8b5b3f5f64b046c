using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

public sealed class DidCloseHandler(ServerContext context)
{
    [JsonRpcMethod("textDocument/didClose", UseSingleObjectParameterDeserialization = true)]
    public async Task HandleAsync(DidCloseTextDocumentParams parameters)
    {
        if (!context.State.AcceptsNotifications)
        {
            return;
        }

        var uri = parameters.TextDocument.Uri;
        if (!context.Documents.Close(uri))
        {
            context.Log.Warning("didClose {Uri} ignored: document is not open", uri);
        }

        context.Analyzer.Workspace.Close(uri);

        context.Log.Debug("didClose {Uri}", uri);

        // Linking policies now read the file on disk instead of the closed buffer.
        context.LinkedDocumentChanged(uri);
        await context.Diagnostics.ClearAsync(uri);
    }
}
