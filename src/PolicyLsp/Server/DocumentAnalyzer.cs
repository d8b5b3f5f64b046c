using PolicyLsp.Analysis.Workspace;
using Serilog;

namespace PolicyLsp.Server;

/// <summary>Analyses documents with the settings of <see cref="ConfigurationService"/>, caching the result per snapshot and config generation.</summary>
/// <param name="workspaceRoots">The workspace folders: links are followed only to files inside them (or the user's <c>linkRoots</c>).</param>
/// <param name="openDocument">The open document at a URI: a link to it reads the editor's text, not the file on disk.</param>
public sealed class DocumentAnalyzer(
    ConfigurationService configuration,
    ILogger log,
    Func<IReadOnlyList<string>>? workspaceRoots = null,
    Func<string, OpenDocument?>? openDocument = null)
{
    public ConfigurationService Configuration { get; } = configuration;

    /// <summary>
    /// The engine's workspace: documents named by URI, links followed inside the workspace folders (or the user's
    /// <c>linkRoots</c>) and read from open buffers before the disk, the link graph and the open documents' caches.
    /// </summary>
    public PolicyWorkspace Workspace { get; } = new(
        configuration.Resolver,
        openDocument is null ? DiskFiles.Instance : new OverlayFiles(path => openDocument(ToUri(path))?.AsLinked()),
        workspaceRoots,
        LocalPath,
        ToUri);

    /// <summary>The committed versions open documents are compared with (<c>compareWith</c>).</summary>
    public CommittedVersions Committed { get; } = new(log);

    /// <summary>Test hook: called on the thread that analyses an open document, before it does.</summary>
    internal Action<OpenDocument>? BeforeAnalysis { get; set; }

    public DocumentAnalysis Analyze(OpenDocument document) => AnalyzeWithGeneration(document).Result;

    /// <summary>The analysis of the document and the config generation it used; analyses on this thread unless one is under way.</summary>
    internal CachedAnalysis AnalyzeWithGeneration(OpenDocument document)
    {
        var (analysis, owner, stamp) = Start(document);
        if (owner is not null)
        {
            Run(document, stamp, owner);
        }

        return analysis.GetAwaiter().GetResult();
    }

    /// <summary>
    /// The analysis of the document, computed on the thread pool (or the run under way awaited): a request that needs it
    /// leaves the message loop free and answers a cancellation at once, though the analysis goes on for the next request.
    /// </summary>
    public async Task<DocumentAnalysis> AnalyzeAsync(OpenDocument document, CancellationToken cancellationToken)
    {
        var (analysis, owner, stamp) = Start(document);
        if (owner is not null)
        {
            _ = Task.Run(() => Run(document, stamp, owner), CancellationToken.None);
        }

        return (await analysis.WaitAsync(cancellationToken).ConfigureAwait(false)).Result;
    }

    /// <summary>The cached analysis, the run under way, or a new run that the caller (the owner) must carry out.</summary>
    private (Task<CachedAnalysis> Analysis, TaskCompletionSource<CachedAnalysis>? Owner, AnalysisStamp Stamp) Start(OpenDocument document)
    {
        // The epoch is read first: a linked document changing during the run bumps it, and the next request runs again.
        var stamp = new AnalysisStamp(Configuration.Generation, document.LinkEpoch);
        if (document.CachedAnalysis is { } cached && cached.Stamp == stamp)
        {
            return (Task.FromResult(cached), null, stamp);
        }

        // One analysis per snapshot even when a hover races the background run; the lock is held only to pick the run.
        lock (document)
        {
            if (document.CachedAnalysis is { } again && again.Stamp == stamp)
            {
                return (Task.FromResult(again), null, stamp);
            }

            if (document.Running is { } running && running.Stamp == stamp)
            {
                return (running.Completion.Task, null, stamp);
            }

            var owner = new TaskCompletionSource<CachedAnalysis>(TaskCreationOptions.RunContinuationsAsynchronously);
            document.Running = new RunningAnalysis(stamp, owner);
            return (owner.Task, owner, stamp);
        }
    }

    private void Run(OpenDocument document, AnalysisStamp stamp, TaskCompletionSource<CachedAnalysis> owner)
    {
        try
        {
            BeforeAnalysis?.Invoke(document);
            var entry = new CachedAnalysis(AnalyzeText(document.Uri, document.Text, compare: true), stamp);
            document.CachedAnalysis = entry;
            owner.SetResult(entry);
        }
        catch (Exception ex)
        {
            owner.SetException(ex);
        }
        finally
        {
            lock (document)
            {
                if (document.Running?.Completion == owner)
                {
                    document.Running = null;
                }
            }
        }
    }

    /// <summary>
    /// Analyses text that is not (or not necessarily) open, such as a file found by a workspace scan; an open
    /// document passes its clause cache.
    /// </summary>
    /// <param name="compare">
    /// Compare with the committed version (<c>compareWith</c>) for the material-change rules: open documents only, not
    /// every file of a workspace scan.
    /// </param>
    public DocumentAnalysis AnalyzeText(string uri, string text, bool compare = false)
    {
        var path = LocalPath(uri);
        var config = Configuration.For(path);
        var previous = compare && path is not null && Configuration.CompareWith is { } revision
            ? Committed.For(path, revision, config, Configuration.Generation)
            : null;
        var analysis = Workspace.Analyze(uri, text, previous, config);
        foreach (var problem in analysis.Result.Problems)
        {
            // Only the problem (never the document's text) is logged.
            log.Warning("{Uri}: {File}:{Line}: {Problem}", uri, problem.File ?? "document", problem.Line ?? 1, problem.Message);
        }

        return new DocumentAnalysis(analysis.Result, analysis.Dependencies);
    }

    private static string ToUri(string path) => new Uri(path).AbsoluteUri;

    /// <summary>The local path of a file:// URI, or null for other schemes.</summary>
    public static string? LocalPath(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : null;
}
