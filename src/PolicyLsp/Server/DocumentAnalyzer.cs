using PolicyLsp.Analysis;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;
using Serilog;

namespace PolicyLsp.Server;

/// <summary>Analyses open documents with the nearest <c>.policylsp.json</c>, caching the result per document version.</summary>
public sealed class DocumentAnalyzer(ILogger log)
{
    public AnalysisResult Analyze(OpenDocument document)
    {
        if (document.CachedAnalysis is { } cached)
        {
            return cached;
        }

        // One analysis per snapshot even when a hover races the background run.
        lock (document)
        {
            return document.CachedAnalysis ?? AnalyzeUncached(document);
        }
    }

    private AnalysisResult AnalyzeUncached(OpenDocument document)
    {
        var problems = new List<AnalysisProblem>();
        var config = LoadConfig(document.Uri, problems);
        var result = PolicyAnalyzer.Analyze(document.Text, config, problems);
        foreach (var problem in result.Problems)
        {
            log.Warning("{Uri}: {File}:{Line}: {Problem}", document.Uri, problem.File ?? "document", problem.Line ?? 1, problem.Message);
        }

        document.CachedAnalysis = result;
        return result;
    }

    /// <summary>The local path of a file:// URI, or null for other schemes.</summary>
    public static string? LocalPath(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : null;

    private PolicyConfig LoadConfig(string uri, List<AnalysisProblem> problems)
    {
        var path = LocalPath(uri);
        if (path is null)
        {
            return PolicyConfig.Default;
        }

        try
        {
            var configPath = ConfigReader.FindFor(path);
            return configPath is null ? PolicyConfig.Default : ConfigReader.LoadFile(configPath, PolicyConfig.Default, problems);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            log.Warning(ex, "cannot look up the config for {Uri}", uri);
            return PolicyConfig.Default;
        }
    }
}
