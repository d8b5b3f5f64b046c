using System.Collections.Concurrent;
using PolicyLsp.Analysis.Changes;
using PolicyLsp.Analysis.Configuration;

namespace PolicyLsp.Analysis.Workspace;

/// <summary>
/// The engine's one door for front ends, in the manner of rust-analyzer's <c>ide</c> crate: it owns where documents
/// are read from (<see cref="IFileSource"/>), how their settings are resolved (<see cref="ConfigResolver"/>), the
/// graph of documents linked from others and each open document's clause cache, and it answers plain-data questions
/// — findings, outline, explanation of a line, the committed version to compare with. The CLI and the server are thin
/// drivers: they turn arguments or LSP messages into these calls and the answers into reports or protocol types.
/// </summary>
/// <remarks>
/// Documents are named by a location: the server's file:// URIs, the CLI's paths. <paramref name="pathOf"/> maps a
/// location to a local path (null for a document with none: stdin, an untitled buffer) and
/// <paramref name="locationOf"/> maps a linked file's full path back, so dependencies are recorded in the caller's
/// terms. Thread-safe: the server analyses on the thread pool.
/// </remarks>
/// <param name="roots">
/// The folders links may lead to (the server's workspace folders, the CLI's inputs); when there are none, a document's
/// own folder and its config's folder. The editor's <c>linkRoots</c> setting adds to them.
/// </param>
/// <param name="warmDocuments">
/// How many open documents keep their parsed chunks between analyses (the most recently analysed ones). An edit to
/// one of them re-reads only what it changed; a document beyond them is read whole at its next analysis and is then
/// warm again. The chunks are most of an open document's memory, so many open tabs do not add up to many cached parses
/// (rust-analyzer bounds its parse trees in the same way).
/// </param>
public sealed class PolicyWorkspace(
    ConfigResolver configuration,
    IFileSource? files = null,
    Func<IReadOnlyList<string>>? roots = null,
    Func<string, string?>? pathOf = null,
    Func<string, string>? locationOf = null,
    int warmDocuments = PolicyWorkspace.DefaultWarmDocuments)
{
    /// <summary>Open documents that keep their parsed chunks, unless the workspace is told otherwise.</summary>
    public const int DefaultWarmDocuments = 32;

    private readonly ConcurrentDictionary<string, AnalysisCache> _caches = new(StringComparer.Ordinal);

    private readonly Lock _warmth = new();
    private long _uses;
    private int _warm;

    /// <summary>For each analysed document, the locations its links named at its last analysis (followed or not).</summary>
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _links = new(StringComparer.Ordinal);

    public ConfigResolver Configuration { get; } = configuration;

    public IFileSource Files { get; } = files ?? DiskFiles.Instance;

    /// <summary>The effective settings of the document at a location (before its front matter).</summary>
    public PolicyConfig ConfigFor(string location) => Configuration.For(PathOf(location));

    /// <summary>The local path of a location, or null.</summary>
    public string? PathOf(string location) => pathOf is null ? location : pathOf(location);

    /// <summary>
    /// Analyses a document's text with its settings, following its links (open buffers before the disk) and comparing
    /// with <paramref name="previous"/> for the material-change rules. The locations its links named are recorded, so
    /// <see cref="DependentsOf"/> can tell that a change to one of them calls for a new analysis of this document.
    /// An open document (<see cref="Open"/>) reuses its clause cache: only the paragraphs an edit changed are classified again.
    /// </summary>
    public WorkspaceAnalysis Analyze(string location, string text, PreviousVersion? previous = null, PolicyConfig? config = null)
    {
        var path = PathOf(location);
        config ??= Configuration.For(path);
        var dependencies = new HashSet<string>(StringComparer.Ordinal);
        var links = path is null
            ? null
            : LinkedFiles.From(path, locationOf ?? (p => p), LinkRootsFor(path, config), Files.OpenBuffer, dependency => dependencies.Add(dependency));
        var cache = _caches.TryGetValue(location, out var open) ? open : null;
        var result = PolicyAnalyzer.Analyze(text, config, linkedDocuments: links, cache: cache, previous: previous);
        if (cache is not null)
        {
            // Only open documents are kept in the graph; a workspace scan's files come and go.
            _links[location] = dependencies;
            KeepWarm(location, cache);
        }

        return new WorkspaceAnalysis(result, dependencies);
    }

    /// <summary>Reads the file at <paramref name="path"/> (its open buffer, else the disk within the reader's limits) and analyses it.</summary>
    public WorkspaceAnalysis? AnalyzeFile(string path, out string? error, PreviousVersion? previous = null, PolicyConfig? config = null)
    {
        if (!Files.TryRead(path, out var text, out error))
        {
            return null;
        }

        // Where locations are paths (the CLI) the path is the location; otherwise it is named as links name files.
        return Analyze(pathOf is null ? path : (locationOf ?? (p => p))(path), text, previous, config);
    }

    /// <summary>
    /// The folders links from the document at <paramref name="path"/> may lead to: the workspace's roots, or when it has
    /// none the document's folder and its config's folder; then the editor's <c>linkRoots</c>.
    /// </summary>
    public IReadOnlyList<string> LinkRootsFor(string path, PolicyConfig config)
    {
        IReadOnlyList<string> given = roots?.Invoke() ?? [];
        if (given.Count == 0)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            given = Configuration.FolderFor(path) is { } configFolder && configFolder != folder ? [folder, configFolder] : [folder];
        }

        return config.LinkRoots.Count == 0 ? given : [.. given, .. config.LinkRoots];
    }

    /// <summary>A document was opened in the editor: its analyses share one clause cache until it is closed.</summary>
    public void Open(string location) => _caches.GetOrAdd(location, _ => new AnalysisCache());

    /// <summary>A document was closed: its cache and its links are forgotten.</summary>
    public void Close(string location)
    {
        if (_caches.TryRemove(location, out var cache))
        {
            lock (_warmth)
            {
                if (cache.Warm)
                {
                    Cool(cache);
                }
            }
        }

        _links.TryRemove(location, out _);
    }

    /// <summary>
    /// Marks a cache just used; when more than <c>warmDocuments</c> hold chunks, the least recently used ones drop theirs.
    /// The scan over the open documents runs only when a cold document turns warm, not on an edit of a warm one.
    /// </summary>
    private void KeepWarm(string location, AnalysisCache cache)
    {
        lock (_warmth)
        {
            if (!_caches.TryGetValue(location, out var current) || !ReferenceEquals(current, cache))
            {
                // Closed while it was analysed: nothing to keep warm (the cache goes with the analysis).
                return;
            }

            cache.LastUse = ++_uses;
            if (!cache.Warm)
            {
                cache.Warm = true;
                _warm++;
            }

            while (_warm > Math.Max(1, warmDocuments))
            {
                AnalysisCache? oldest = null;
                foreach (var open in _caches.Values)
                {
                    if (open.Warm && (oldest is null || open.LastUse < oldest.LastUse))
                    {
                        oldest = open;
                    }
                }

                if (oldest is null)
                {
                    break;
                }

                Cool(oldest);
            }
        }
    }

    /// <summary>A warm cache drops its chunks and no longer counts (under the lock).</summary>
    private void Cool(AnalysisCache cache)
    {
        cache.Chunks.Forget();
        cache.Warm = false;
        _warm--;
    }

    /// <summary>The clause cache of an open document (null when it is not open).</summary>
    internal AnalysisCache? CacheOf(string location) => _caches.GetValueOrDefault(location);

    /// <summary>How many open documents hold parsed chunks now (at most <c>warmDocuments</c>).</summary>
    public int WarmDocuments
    {
        get
        {
            lock (_warmth)
            {
                return _warm;
            }
        }
    }

    /// <summary>The open documents whose last analysis named <paramref name="location"/> in a link (followed or not).</summary>
    public IReadOnlyList<string> DependentsOf(string location) =>
        _links.Where(entry => entry.Key != location && entry.Value.Contains(location)).Select(entry => entry.Key).ToList();

    /// <summary>
    /// The version of the file at <paramref name="path"/> in git revision <paramref name="revision"/>, analysed with
    /// <paramref name="config"/>, to compare with (a file new since then is compared with an empty document, so every
    /// clause is new); or why there is none. Runs git without a shell, within <see cref="GitVersions"/>' limits.
    /// </summary>
    public static CommittedVersion Committed(string path, string revision, PolicyConfig config)
    {
        var version = GitVersions.Show(path, revision);
        return version.Status switch
        {
            GitVersionStatus.Found => new CommittedVersion(version.Status, new PreviousVersion(PolicyAnalyzer.Analyze(version.Text!, config), revision), null),
            GitVersionStatus.NotInRevision => new CommittedVersion(version.Status, new PreviousVersion(PolicyAnalyzer.Analyze(string.Empty, config), $"{revision} (the file is new)"), null),
            _ => new CommittedVersion(version.Status, null, version.Error),
        };
    }
}

/// <summary>One analysis and the locations its links named (followed or not).</summary>
public sealed record WorkspaceAnalysis(AnalysisResult Result, IReadOnlySet<string> Dependencies);

/// <summary>A committed version to compare with, or (when <see cref="Previous"/> is null) why git has none.</summary>
public sealed record CommittedVersion(GitVersionStatus Status, PreviousVersion? Previous, string? Error);
