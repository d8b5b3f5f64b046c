using PolyType;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

/// <summary>The JSON-RPC method of <see cref="DidOpenHandler"/>, described at compile time (no reflection over the handler).</summary>
[GenerateShape(IncludeMethods = MethodShapeFlags.PublicInstance)]
public partial interface IDidOpenHandler
{
    [JsonRpcMethod("textDocument/didOpen", UseSingleObjectParameterDeserialization = true)]
    void Handle(DidOpenTextDocumentParams parameters);
}

public sealed class DidOpenHandler(ServerContext context) : IDidOpenHandler
{
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
