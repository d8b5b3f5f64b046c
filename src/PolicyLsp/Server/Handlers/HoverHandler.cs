using System.Globalization;
using System.Text;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Cli;
using PolyType;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

/// <summary>The JSON-RPC method of <see cref="HoverHandler"/>, described at compile time (no reflection over the handler).</summary>
[GenerateShape(IncludeMethods = MethodShapeFlags.PublicInstance)]
public partial interface IHoverHandler
{
    [JsonRpcMethod("textDocument/hover", UseSingleObjectParameterDeserialization = true)]
    Task<Hover?> HandleAsync(TextDocumentPositionParams parameters, CancellationToken cancellationToken);
}

public sealed class HoverHandler(ServerContext context) : IHoverHandler
{
    public async Task<Hover?> HandleAsync(TextDocumentPositionParams parameters, CancellationToken cancellationToken)
    {
        context.State.EnsureReady();
        return await context.ReadDocumentAsync(parameters.TextDocument.Uri, (Hover?)null, (document, token) => HoverAsync(document, parameters.Position, token), cancellationToken).ConfigureAwait(false);
    }

    private async Task<Hover?> HoverAsync(OpenDocument document, Position position, CancellationToken cancellationToken)
    {
        var result = await context.Analyzer.AnalyzeAsync(document, cancellationToken).ConfigureAwait(false);
        var mapper = context.MapperFor(result);
        var offset = mapper.ToOffset(position);
        var findings = result.Findings.Where(f => f.Span.Start <= offset && offset <= f.Span.End && f.Span.Length > 0).ToList();
        if (findings.Count == 0)
        {
            return null;
        }

        var markdown = string.Join("\n\n---\n\n", findings.Select(f => Describe(f, result.Config)));
        return new Hover(new MarkupContent("markdown", markdown), mapper.ToRange(findings[0].Span));
    }

    public static string Describe(Finding finding, PolicyConfig config)
    {
        var details = finding.Details;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"**{finding.Code}** · {finding.Rule.Title}\n\n");
        text.Append(finding.Message).Append("\n\n");
        if (details.Triggers.Count > 0)
        {
            text.Append("- Matched: ").AppendJoin(", ", details.Triggers.Take(6).Select(t => $"\"{t}\"")).Append('\n');
        }

        if (details.RegionsFound.Count > 0 || details.RegionsMissing.Count > 0)
        {
            text.Append("- Regions covered: ").Append(details.RegionsFound.Count > 0 ? string.Join(", ", details.RegionsFound) : "none").Append('\n');
            text.Append("- Regions missing: ").Append(details.RegionsMissing.Count > 0 ? string.Join(", ", details.RegionsMissing) : "none").Append('\n');
        }

        if (details.ReadabilityGrade is { } grade)
        {
            text.Append(CultureInfo.InvariantCulture, $"- Readability grade: {grade:0.#}");
            if (details.ReadabilityThreshold is { } threshold)
            {
                text.Append(CultureInfo.InvariantCulture, $" (threshold {threshold:0.#})");
            }

            text.Append('\n');
        }

        if (details.MissingParts.Count > 0)
        {
            text.Append("- Missing from the plain-language disclosure: ").AppendJoin(", ", details.MissingParts).Append('\n');
        }

        if (details.Earlier is { } earlier)
        {
            // What the version it is compared with (the last commit, by default) said.
            text.Append("- Earlier version, ").Append(earlier).Append('\n');
        }

        text.Append("\n**Background.** ").Append(LegalBackground(finding.Rule)).Append("\n\n");
        text.Append(CultureInfo.InvariantCulture, $"[{finding.Code} documentation]({RuleDocs.UriFor(finding.Rule, config)})");
        return text.ToString();
    }

    /// <summary>A few lines of context on why the rule exists (not legal advice).</summary>
    public static string LegalBackground(RuleDescriptor rule) => rule.Background;
}
