using PolyType;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

/// <summary>The JSON-RPC method of <see cref="CodeActionHandler"/>, described at compile time (no reflection over the handler).</summary>
[GenerateShape(IncludeMethods = MethodShapeFlags.PublicInstance)]
public partial interface ICodeActionHandler
{
    [JsonRpcMethod("textDocument/codeAction", UseSingleObjectParameterDeserialization = true)]
    Task<IReadOnlyList<CodeAction>> HandleAsync(CodeActionParams parameters, CancellationToken cancellationToken);
}

public sealed class CodeActionHandler(ServerContext context) : ICodeActionHandler
{
    public async Task<IReadOnlyList<CodeAction>> HandleAsync(CodeActionParams parameters, CancellationToken cancellationToken)
    {
        context.State.EnsureReady();
        if (parameters.Context?.Only is { Count: > 0 } only && !only.Any(k => k == "quickfix" || "quickfix".StartsWith(k + ".", StringComparison.Ordinal)))
        {
            return [];
        }

        return await context.ReadDocumentAsync<IReadOnlyList<CodeAction>>(parameters.TextDocument.Uri, [], (document, token) => ActionsAsync(document, parameters.Range, token), cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<CodeAction>> ActionsAsync(OpenDocument document, Range range, CancellationToken cancellationToken)
    {
        var uri = document.Uri;
        var result = await context.Analyzer.AnalyzeAsync(document, cancellationToken).ConfigureAwait(false);
        var mapper = context.MapperFor(result);
        var requested = mapper.ToSpan(range);
        var actions = new List<CodeAction>();
        foreach (var finding in result.Findings)
        {
            var span = finding.Span;
            var touches = span.Overlaps(requested) || (requested.Length == 0 && span.Start <= requested.Start && requested.Start <= span.End);
            if (!touches)
            {
                continue;
            }

            var diagnostic = FindingConverter.ToDiagnostic(uri, finding, result, mapper);
            foreach (var fix in finding.Fixes)
            {
                var edits = fix.Insertions
                    .Select(i =>
                    {
                        var at = mapper.ToPosition(i.Offset);
                        return new TextEdit(new Range(at, at), i.NewText);
                    })
                    .ToList();
                actions.Add(new CodeAction(
                    fix.Title,
                    "quickfix",
                    [diagnostic],
                    fix.IsPreferred,
                    new WorkspaceEdit(new Dictionary<string, IReadOnlyList<TextEdit>> { [uri] = edits })));
            }
        }

        return actions;
    }
}
