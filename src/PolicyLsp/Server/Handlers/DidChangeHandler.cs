using PolyType;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

/// <summary>The JSON-RPC method of <see cref="DidChangeHandler"/>, described at compile time (no reflection over the handler).</summary>
[GenerateShape(IncludeMethods = MethodShapeFlags.PublicInstance)]
public partial interface IDidChangeHandler
{
    [JsonRpcMethod("textDocument/didChange", UseSingleObjectParameterDeserialization = true)]
    void Handle(DidChangeTextDocumentParams parameters);
}

public sealed class DidChangeHandler(ServerContext context) : IDidChangeHandler
{
    public void Handle(DidChangeTextDocumentParams parameters)
    {
        if (!context.State.AcceptsNotifications)
        {
            return;
        }

        var uri = parameters.TextDocument.Uri;
        var updated = context.Documents.Change(uri, parameters.TextDocument.Version, parameters.ContentChanges ?? [], context.State.PositionEncoding, out var rejection);
        if (updated is null)
        {
            context.Log.Warning("didChange {Uri} v{Version} ignored: {Reason}", uri, parameters.TextDocument.Version, rejection);
            return;
        }

        context.Log.Debug("didChange {Uri} v{Version}: {Count} changes, now {Length} chars", uri, updated.Version, parameters.ContentChanges?.Count ?? 0, updated.Text.Length);
        context.Diagnostics.Schedule(uri);
        context.LinkedDocumentChanged(uri);
    }
}
