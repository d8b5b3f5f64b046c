using PolyType;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

/// <summary>The JSON-RPC method of <see cref="DidSaveHandler"/>, described at compile time (no reflection over the handler).</summary>
[GenerateShape(IncludeMethods = MethodShapeFlags.PublicInstance)]
public partial interface IDidSaveHandler
{
    [JsonRpcMethod("textDocument/didSave", UseSingleObjectParameterDeserialization = true)]
    void Handle(DidSaveTextDocumentParams parameters);
}

public sealed class DidSaveHandler(ServerContext context) : IDidSaveHandler
{
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
