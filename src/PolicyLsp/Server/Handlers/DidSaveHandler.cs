using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

public sealed class DidSaveHandler(ServerContext context)
{
    [JsonRpcMethod("textDocument/didSave", UseSingleObjectParameterDeserialization = true)]
    public void Handle(DidSaveTextDocumentParams parameters)
    {
        if (!context.State.AcceptsNotifications)
        {
            return;
        }

        var uri = parameters.TextDocument.Uri;
        var document = context.Documents.Get(uri);
        if (document is null)
        {
            context.Log.Warning("didSave {Uri} ignored: document is not open", uri);
            return;
        }

        // The config file may have changed on disk, and a save often comes before a commit: analyse afresh.
        context.Analyzer.Committed.Forget();
        context.Documents.Open(uri, document.Text, document.Version);
        context.Log.Debug("didSave {Uri}", uri);
        context.Diagnostics.Schedule(uri);
        context.LinkedDocumentChanged(uri);
    }
}
