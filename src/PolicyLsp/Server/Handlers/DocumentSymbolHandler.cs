using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

public sealed class DocumentSymbolHandler(ServerContext context)
{
    [JsonRpcMethod("textDocument/documentSymbol", UseSingleObjectParameterDeserialization = true)]
    public async Task<IReadOnlyList<DocumentSymbol>> HandleAsync(DocumentSymbolParams parameters, CancellationToken cancellationToken)
    {
        context.State.EnsureReady();
        var document = context.Documents.Get(parameters.TextDocument.Uri);
        if (document is null)
        {
            return [];
        }

        var analysis = await context.Analyzer.AnalyzeAsync(document, cancellationToken).ConfigureAwait(false);
        var mapper = context.MapperFor(analysis);
        return Symbols(analysis.Outline, mapper);
    }

    private static List<DocumentSymbol> Symbols(IReadOnlyList<OutlineEntry> entries, PositionMapper mapper) =>
        entries.Select(e => new DocumentSymbol(
            e.Name,
            e.Detail,
            e.Kind,
            mapper.ToRange(e.Span),
            mapper.ToRange(e.SelectionSpan),
            e.Children is null ? null : Symbols(e.Children, mapper))).ToList();
}
