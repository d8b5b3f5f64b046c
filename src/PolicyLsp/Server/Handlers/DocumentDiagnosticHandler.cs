using PolyType;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

/// <summary>The JSON-RPC method of <see cref="DocumentDiagnosticHandler"/>, described at compile time (no reflection over the handler).</summary>
[GenerateShape(IncludeMethods = MethodShapeFlags.PublicInstance)]
public partial interface IDocumentDiagnosticHandler
{
    [JsonRpcMethod("textDocument/diagnostic", UseSingleObjectParameterDeserialization = true)]
    Task<DocumentDiagnosticReport> HandleAsync(DocumentDiagnosticParams parameters, CancellationToken cancellationToken);
}

public sealed class DocumentDiagnosticHandler(ServerContext context) : IDocumentDiagnosticHandler
{
    public async Task<DocumentDiagnosticReport> HandleAsync(DocumentDiagnosticParams parameters, CancellationToken cancellationToken)
    {
        context.State.EnsureReady();
        var uri = parameters.TextDocument.Uri;
        var generation = context.Configuration.Generation;
        var document = context.Documents.Get(uri);
        if (document is not null)
        {
            var resultId = PullDiagnostics.CurrentResultId(context, document);
            if (parameters.PreviousResultId == resultId)
            {
                return new DocumentDiagnosticReport(DocumentDiagnosticReportKind.Unchanged, resultId, null);
            }

            // Off the message loop: a large document must not hold up edits.
            var (items, used) = await Task.Run(
                () => (PullDiagnostics.ForOpenDocument(context, document, out var g), g),
                cancellationToken).WaitAsync(cancellationToken);
            return new DocumentDiagnosticReport(DocumentDiagnosticReportKind.Full, PullDiagnostics.ResultId(document, used), items);
        }

        // Not open (e.g. a tab the editor has not opened yet): the file on disk, if there is one.
        var path = DocumentAnalyzer.LocalPath(uri);
        var diskId = path is null ? null : PullDiagnostics.DiskResultId(path, generation);
        if (path is null || diskId is null)
        {
            return new DocumentDiagnosticReport(DocumentDiagnosticReportKind.Full, PullDiagnostics.NoResultId, []);
        }

        if (parameters.PreviousResultId == diskId)
        {
            return new DocumentDiagnosticReport(DocumentDiagnosticReportKind.Unchanged, diskId, null);
        }

        var diagnostics = await Task.Run(
            () => PullDiagnostics.ReadFile(context, path) is { } text ? PullDiagnostics.ForText(context, uri, text) : null,
            cancellationToken);
        return new DocumentDiagnosticReport(DocumentDiagnosticReportKind.Full, diagnostics is null ? PullDiagnostics.NoResultId : diskId, diagnostics ?? []);
    }
}
