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

    /// <summary>The findings as diagnostics; past the cap, one more (information, on the first line) says how many were left out.</summary>
    public static IReadOnlyList<Diagnostic> ToDiagnostics(string uri, DocumentAnalysis result, PositionMapper mapper)
    {
        var diagnostics = new List<Diagnostic>(result.Findings.Count + 1);
        diagnostics.AddRange(result.Findings.Select(f => ToDiagnostic(uri, f, result, mapper)));
        if (result.OmittedFindings > 0)
        {
            diagnostics.Add(new Diagnostic(
                new Range(new Position(0, 0), new Position(0, 0)),
                DiagnosticSeverity.Information,
                "findings-capped",
                null,
                Source,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{result.Findings.Count:N0} findings shown, {result.OmittedFindings:N0} more not (maxFindingsPerDocument is {result.Config.MaxFindingsPerDocument}; raise it in .policylsp.json)"),
                null,
                null));
        }

        return diagnostics;
    }

    public static Diagnostic ToDiagnostic(string uri, Finding finding, DocumentAnalysis result, PositionMapper mapper)
    {
        var related = finding.Related
            .Select(r => new DiagnosticRelatedInformation(
                new Location(r.Uri ?? uri, r.Uri is not null && r.Line is int line ? new Range(new Position(line, 0), new Position(line, 0)) : mapper.ToRange(r.Span)),
                r.Message))
            .ToList();
        var data = JsonSerializer.SerializeToElement(new DiagnosticData(finding.Rule.Name, finding.Details.Family), LspJsonContext.Default.DiagnosticData);
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
