using PolicyLsp.Analysis;
using PolicyLsp.Analysis.Text;
using PolicyLsp.Analysis.Workspace;

namespace PolicyLsp.Server;

/// <summary>
/// One open document: its text and version, and the analysis of exactly that text once computed. (Its clause cache,
/// which passes from version to version so that an edit re-classifies only the paragraphs it changed, is the
/// workspace's: <see cref="PolicyWorkspace.Open"/>.)
/// </summary>
public sealed class OpenDocument(string uri, string text, int version)
{
    private static long _snapshots;
    private CachedAnalysis? _analysis;

    public string Uri { get; } = uri;

    /// <summary>Unique per record: a re-open or save of the same version is a new snapshot.</summary>
    public long Snapshot { get; } = Interlocked.Increment(ref _snapshots);

    public string Text { get; } = text;

    public int Version { get; } = version;

    internal CachedAnalysis? CachedAnalysis
    {
        get => Volatile.Read(ref _analysis);
        set => Volatile.Write(ref _analysis, value);
    }

    /// <summary>The analysis under way, if any (read and written under a lock on the document).</summary>
    internal RunningAnalysis? Running { get; set; }

    private int _linkEpoch;
    private LinkedDocument? _asLinked;

    /// <summary>Bumped when a document this one links to changes: its analysis (and pull result id) is then out of date.</summary>
    public int LinkEpoch => Volatile.Read(ref _linkEpoch);

    /// <summary>A linked document changed (edited, saved, closed or changed on disk): analyse this one again.</summary>
    public void LinkedDocumentChanged() => Interlocked.Increment(ref _linkEpoch);

    /// <summary>This text as another policy's linked document: one instance per snapshot, so its analysis is kept once.</summary>
    internal LinkedDocument AsLinked() => _asLinked ??= new LinkedDocument(Uri, Text);
}

/// <summary>An analysis being computed and the config generation and link epoch it uses.</summary>
internal sealed record RunningAnalysis(AnalysisStamp Stamp, TaskCompletionSource<CachedAnalysis> Completion);

/// <summary>An analysis and the configuration generation and link epoch it was computed with.</summary>
internal sealed record CachedAnalysis(DocumentAnalysis Result, AnalysisStamp Stamp)
{
    public int Generation => Stamp.Generation;
}

/// <summary>What an analysis of one snapshot depends on besides its text: the settings and the documents it links to.</summary>
public readonly record struct AnalysisStamp(int Generation, int LinkEpoch);

/// <summary>The open documents by URI. Each update replaces the record, so readers always see one consistent snapshot.</summary>
public sealed class DocumentStore
{
    private readonly Dictionary<string, OpenDocument> _documents = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public OpenDocument Open(string uri, string text, int version)
    {
        var document = new OpenDocument(uri, text, version);
        lock (_lock)
        {
            _documents[uri] = document;
        }

        return document;
    }

    public OpenDocument? Get(string uri)
    {
        lock (_lock)
        {
            return _documents.GetValueOrDefault(uri);
        }
    }

    public IReadOnlyList<OpenDocument> All()
    {
        lock (_lock)
        {
            return _documents.Values.ToList();
        }
    }

    public bool Close(string uri)
    {
        lock (_lock)
        {
            return _documents.Remove(uri);
        }
    }

    /// <summary>Applies content changes in order; null when the document is unknown or the version goes backwards.</summary>
    public OpenDocument? Change(string uri, int? version, IReadOnlyList<TextDocumentContentChangeEvent> changes, string encoding, out string? rejection)
    {
        lock (_lock)
        {
            if (!_documents.TryGetValue(uri, out var current))
            {
                rejection = "document is not open";
                return null;
            }

            if (version is { } v && v < current.Version)
            {
                rejection = $"version {v} is older than {current.Version}";
                return null;
            }

            string text;
            if (changes.Count <= 1)
            {
                // The line index of the last analysis serves a single change when it is of the same text.
                text = current.Text;
                var lines = current.CachedAnalysis?.Result.Source is { } analysed && ReferenceEquals(analysed.Text, text) ? analysed : null;
                foreach (var change in changes)
                {
                    // A whole-text change needs no line index.
                    text = change.Range is null ? change.Text ?? string.Empty : Apply(lines ?? new SourceText(text), change, encoding);
                }
            }
            else
            {
                text = ApplyBatch(current.Text, changes, encoding);
            }

            rejection = null;
            var updated = new OpenDocument(uri, text, version ?? current.Version);
            _documents[uri] = updated;
            return updated;
        }
    }

    /// <summary>
    /// Applies changes in order, each against the result of the one before, building the text once: a batch of many
    /// edits costs about the edits' size and the document's chunk count each, not a copy of the document each.
    /// </summary>
    internal static string ApplyBatch(string text, IReadOnlyList<TextDocumentContentChangeEvent> changes, string encoding, int chunkSize = ChunkedText.DefaultChunkSize)
    {
        var buffer = new ChunkedText(text, encoding, chunkSize);
        foreach (var change in changes)
        {
            if (change.Range is null)
            {
                buffer.Reset(change.Text ?? string.Empty);
            }
            else
            {
                buffer.Replace(change.Range, change.Text ?? string.Empty);
            }
        }

        return buffer.ToString();
    }

    public static string Apply(string text, TextDocumentContentChangeEvent change, string encoding) =>
        Apply(new SourceText(text), change, encoding);

    private static string Apply(SourceText source, TextDocumentContentChangeEvent change, string encoding)
    {
        if (change.Range is null)
        {
            return change.Text ?? string.Empty;
        }

        var text = source.Text;
        var span = new PositionMapper(source, encoding).ToSpan(change.Range);

        // One allocation of the new text (a large document's text is a large object: no intermediate copy).
        return string.Concat(text.AsSpan(0, span.Start), change.Text, text.AsSpan(span.End));
    }
}
