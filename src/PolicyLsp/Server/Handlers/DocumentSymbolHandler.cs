using PolicyLsp.Analysis.Workspace;
using PolyType;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

/// <summary>The JSON-RPC method of <see cref="DocumentSymbolHandler"/>, described at compile time (no reflection over the handler).</summary>
[GenerateShape(IncludeMethods = MethodShapeFlags.PublicInstance)]
public partial interface IDocumentSymbolHandler
{
    [JsonRpcMethod("textDocument/documentSymbol", UseSingleObjectParameterDeserialization = true)]
    Task<IReadOnlyList<DocumentSymbol>> HandleAsync(DocumentSymbolParams parameters, CancellationToken cancellationToken);
}

public sealed class DocumentSymbolHandler(ServerContext context) : IDocumentSymbolHandler
{
    public async Task<IReadOnlyList<DocumentSymbol>> HandleAsync(DocumentSymbolParams parameters, CancellationToken cancellationToken)
    {
        context.State.EnsureReady();
        return await context.ReadDocumentAsync<IReadOnlyList<DocumentSymbol>>(parameters.TextDocument.Uri, [], SymbolsAsync, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<DocumentSymbol>> SymbolsAsync(OpenDocument document, CancellationToken cancellationToken)
    {
        var analysis = await context.Analyzer.AnalyzeAsync(document, cancellationToken).ConfigureAwait(false);
        return Symbols(analysis.Outline, context.MapperFor(analysis));
    }

    private static List<DocumentSymbol> Symbols(IReadOnlyList<OutlineEntry> entries, PositionMapper mapper) =>
        entries.Select(e => new DocumentSymbol(
            e.Name,
            e.Detail,
            e.Kind switch
            {
                OutlineKind.AiTrainingClause => SymbolKind.Event,
                OutlineKind.DefaultOptInClause => SymbolKind.Key,
                _ => SymbolKind.Namespace,
            },
            mapper.ToRange(e.Span),
            mapper.ToRange(e.SelectionSpan),
            e.Children is null ? null : Symbols(e.Children, mapper))).ToList();
}
