using Serilog;

namespace PolicyLsp.Server.Handlers;

/// <summary>What the handlers share: lifecycle state, open documents, the analyzer and the diagnostics scheduler.</summary>
public sealed record ServerContext(
    ServerState State,
    DocumentStore Documents,
    DocumentAnalyzer Analyzer,
    DiagnosticsScheduler Diagnostics,
    ILogger Log)
{
    public PositionMapper MapperFor(Analysis.AnalysisResult result) => new(result.Document.Source, State.PositionEncoding);
}
