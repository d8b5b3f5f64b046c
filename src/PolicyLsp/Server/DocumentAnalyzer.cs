using PolicyLsp.Analysis;
using Serilog;

namespace PolicyLsp.Server;

/// <summary>Analyses documents with the settings of <see cref="ConfigurationService"/>, caching the result per snapshot and config generation.</summary>
/// <param name="workspaceRoots">The workspace folders: links are followed only to files inside them (or the user's <c>linkRoots</c>).</param>
public sealed class DocumentAnalyzer(ConfigurationService configuration, ILogger log, Func<IReadOnlyList<string>>? workspaceRoots = null)
{
    public ConfigurationService Configuration { get; } = configuration;

    public DocumentAnalysis Analyze(OpenDocument document) => AnalyzeWithGeneration(document).Result;

    /// <summary>The analysis of the document and the config generation it used.</summary>
    internal CachedAnalysis AnalyzeWithGeneration(OpenDocument document)
    {
        var generation = Configuration.Generation;
        if (document.CachedAnalysis is { } cached && cached.Generation == generation)
        {
            return cached;
        }

        // One analysis per snapshot even when a hover races the background run.
        lock (document)
        {
            if (document.CachedAnalysis is { } again && again.Generation == generation)
            {
                return again;
            }

            var result = AnalyzeText(document.Uri, document.Text, document.Cache);
            var entry = new CachedAnalysis(result, generation);
            document.CachedAnalysis = entry;
            return entry;
        }
    }

    /// <summary>
    /// Analyses text that is not (or not necessarily) open, such as a file found by a workspace scan; an open
    /// document passes its clause cache.
    /// </summary>
    public DocumentAnalysis AnalyzeText(string uri, string text, AnalysisCache? cache = null)
    {
        var config = Configuration.For(LocalPath(uri));
        var result = PolicyAnalyzer.Analyze(text, config, linkedDocuments: LinkedFrom(uri, config), cache: cache);
        foreach (var problem in result.Problems)
        {
            // Only the problem (never the document's text) is logged.
            log.Warning("{Uri}: {File}:{Line}: {Problem}", uri, problem.File ?? "document", problem.Line ?? 1, problem.Message);
        }

        return new DocumentAnalysis(result);
    }

    /// <summary>
    /// Links from a file:// document to Markdown files inside the workspace folders (the document's own folder when
    /// there are none) or the user's <c>linkRoots</c>, reported by their file:// URI.
    /// </summary>
    private LinkedDocumentResolver? LinkedFrom(string uri, Analysis.Configuration.PolicyConfig config)
    {
        if (LocalPath(uri) is not { } path)
        {
            return null;
        }

        var roots = workspaceRoots?.Invoke() ?? [];
        return LinkedFiles.From(path, linked => new Uri(linked).AbsoluteUri, config.LinkRoots.Count == 0 ? roots : [.. roots, .. config.LinkRoots]);
    }

    /// <summary>The local path of a file:// URI, or null for other schemes.</summary>
    public static string? LocalPath(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : null;
}
