using System.Text.Json;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Cli;

namespace PolicyLsp.Server;

/// <summary>Turns the engine's findings into LSP diagnostics; the analysis project knows nothing of LSP.</summary>
public static class FindingConverter
{
    public const string Source = "policylsp";

    public static int ToLspSeverity(Severity severity) => severity switch
    {
        Severity.Error => DiagnosticSeverity.Error,
        Severity.Warning => DiagnosticSeverity.Warning,
        Severity.Information => DiagnosticSeverity.Information,
        _ => DiagnosticSeverity.Hint,
    };

    public static IReadOnlyList<Diagnostic> ToDiagnostics(string uri, DocumentAnalysis result, PositionMapper mapper) =>
        result.Findings.Select(f => ToDiagnostic(uri, f, result, mapper)).ToList();

    public static Diagnostic ToDiagnostic(string uri, Finding finding, DocumentAnalysis result, PositionMapper mapper)
    {
        var related = finding.Related
            .Select(r => new DiagnosticRelatedInformation(new Location(r.Uri ?? uri, mapper.ToRange(r.Span)), r.Message))
            .ToList();
        var data = JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["rule"] = finding.Rule.Name,
            ["family"] = finding.Details.Family,
        });
        return new Diagnostic(
            mapper.ToRange(finding.Span),
            ToLspSeverity(finding.Severity),
            finding.Code,
            new CodeDescription(RuleDocs.UriFor(finding.Rule, result.Config)),
            Source,
            finding.Message,
            related.Count > 0 ? related : null,
            data);
    }
}
