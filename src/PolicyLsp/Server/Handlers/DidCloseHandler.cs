using PolyType;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

/// <summary>The JSON-RPC method of <see cref="DidCloseHandler"/>, described at compile time (no reflection over the handler).</summary>
[GenerateShape(IncludeMethods = MethodShapeFlags.PublicInstance)]
public partial interface IDidCloseHandler
{
    [JsonRpcMethod("textDocument/didClose", UseSingleObjectParameterDeserialization = true)]
    Task HandleAsync(DidCloseTextDocumentParams parameters);
}

public sealed class DidCloseHandler(ServerContext context) : IDidCloseHandler
{
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
