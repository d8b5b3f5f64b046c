using PolicyLsp.Analysis.Text;
using PolicyLsp.Analysis.Workspace;
using PolicyLsp.Server.Handlers;

namespace PolicyLsp.Server;

/// <summary>Result ids and reports shared by <c>textDocument/diagnostic</c> and <c>workspace/diagnostic</c>.</summary>
public static class PullDiagnostics
{
    /// <summary>The result id of a document nothing is known about (not open, no readable file).</summary>
    public const string NoResultId = "none";

    /// <summary>
    /// "&lt;version&gt;-&lt;config generation&gt;-&lt;snapshot&gt;-&lt;link epoch&gt;": changes with every edit, save, settings
    /// change or change of a linked document.
    /// </summary>
    public static string ResultId(OpenDocument document, AnalysisStamp stamp) =>
        $"{document.Version}-{stamp.Generation}-{document.Snapshot}-{stamp.LinkEpoch}";

    /// <summary>The result id the document's next analysis will have under the current settings.</summary>
    public static string CurrentResultId(ServerContext context, OpenDocument document) =>
        ResultId(document, new AnalysisStamp(context.Configuration.Generation, document.LinkEpoch));

    /// <summary>"disk-&lt;write time&gt;-&lt;length&gt;-&lt;config generation&gt;" for a file that is not open; null when it is gone.</summary>
    public static string? DiskResultId(string path, int generation)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? $"disk-{info.LastWriteTimeUtc.Ticks}-{info.Length}-{generation}" : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    public static IReadOnlyList<Diagnostic> ForOpenDocument(ServerContext context, OpenDocument document, out AnalysisStamp stamp)
    {
        var analysis = context.Analyzer.AnalyzeWithGeneration(document);
        stamp = analysis.Stamp;
        return FindingConverter.ToDiagnostics(document.Uri, analysis.Result, context.MapperFor(analysis.Result));
    }

    /// <summary>Diagnostics of a file read from disk; null when it cannot be read (binary, not UTF-8, too large, gone).</summary>
    public static IReadOnlyList<Diagnostic>? ForText(ServerContext context, string uri, string text)
    {
        var result = context.Analyzer.AnalyzeText(uri, text);
        return FindingConverter.ToDiagnostics(uri, result, context.MapperFor(result));
    }

    public static string? ReadFile(ServerContext context, string path)
    {
        if (DiskFiles.Instance.TryRead(path, out var text, out var error))
        {
            return text;
        }

        context.Log.Debug("{Path} skipped: {Reason}", path, error);
        return null;
    }
}
