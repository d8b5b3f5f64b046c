using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Text;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

public sealed class DocumentSymbolHandler(ServerContext context)
{
    private const int NameLength = 60;

    [JsonRpcMethod("textDocument/documentSymbol", UseSingleObjectParameterDeserialization = true)]
    public IReadOnlyList<DocumentSymbol> Handle(DocumentSymbolParams parameters)
    {
        context.State.EnsureReady();
        var document = context.Documents.Get(parameters.TextDocument.Uri);
        if (document is null)
        {
            return [];
        }

        var result = context.Analyzer.Analyze(document);
        var mapper = context.MapperFor(result);
        var clausesBySection = result.Context.Clauses.ToLookup(c => c.Sentence.Section);
        var root = result.Document.Root;
        return Clauses(root, clausesBySection, mapper)
            .Concat(root.Children.Select(s => Section(s, clausesBySection, mapper)))
            .ToList();
    }

    private static DocumentSymbol Section(Section section, ILookup<Section, Clause> clauses, PositionMapper mapper)
    {
        var children = Clauses(section, clauses, mapper)
            .Concat(section.Children.Select(s => Section(s, clauses, mapper)))
            .OrderBy(s => s.Range.Start.Line).ThenBy(s => s.Range.Start.Character)
            .ToList();
        var title = string.IsNullOrWhiteSpace(section.Title) ? "(untitled section)" : section.Title;
        var range = mapper.ToRange(new TextSpan(section.Span.Start, Math.Max(section.Span.End, section.HeadingSpan.End)));
        return new DocumentSymbol(title, $"H{section.Level}", SymbolKind.Namespace, range, mapper.ToRange(section.HeadingSpan), children);
    }

    private static IEnumerable<DocumentSymbol> Clauses(Section section, ILookup<Section, Clause> clauses, PositionMapper mapper) =>
        clauses[section].Select(c =>
        {
            var range = mapper.ToRange(c.Sentence.Span);
            var kind = c.Family == ClauseFamily.AiTraining ? SymbolKind.Event : SymbolKind.Key;
            return new DocumentSymbol($"{c.FamilyLabel}: {Shorten(c.Sentence.Text)}", null, kind, range, range, null);
        });

    private static string Shorten(string text)
    {
        var oneLine = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= NameLength ? oneLine : oneLine[..NameLength].TrimEnd() + "…";
    }
}
