using System.Text.Json;
using Serilog;

namespace PolicyLsp.Server.Handlers;

/// <summary>What the handlers share: lifecycle state, open documents, settings, the analyzer, the diagnostics scheduler and the client.</summary>
public sealed record ServerContext(
    ServerState State,
    DocumentStore Documents,
    DocumentAnalyzer Analyzer,
    DiagnosticsScheduler Diagnostics,
    ClientConnection Client,
    ILogger Log)
{
    public ConfigurationService Configuration => Analyzer.Configuration;

    /// <summary>Test hook: awaited before each file of a workspace/diagnostic scan.</summary>
    internal Func<string, CancellationToken, Task>? BeforeWorkspaceFile { get; set; }

    /// <summary>Test hook: called on the thread that answers a request about one open document, before it reads the document.</summary>
    internal Action<OpenDocument>? BeforeDocumentRequest { get; set; }

    public PositionMapper MapperFor(DocumentAnalysis analysis) => new(analysis.Source, State.PositionEncoding);

    /// <summary>
    /// Answers a request about one open document off the message loop, as diagnostics are: the next message is read at
    /// once whatever the document's size, and a cancellation is answered at once. The document is the version open when
    /// the request arrived (in order with edits); <paramref name="notOpen"/> is the answer when none is.
    /// </summary>
    public async Task<T> ReadDocumentAsync<T>(string uri, T notOpen, Func<OpenDocument, CancellationToken, Task<T>> answer, CancellationToken cancellationToken)
    {
        var document = Documents.Get(uri);
        if (document is null)
        {
            return notOpen;
        }

        var work = Task.Run(
            () =>
            {
                BeforeDocumentRequest?.Invoke(document);
                cancellationToken.ThrowIfCancellationRequested();
                return answer(document, cancellationToken);
            },
            cancellationToken);
        return await work.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies new editor settings, then re-analyses.</summary>
    public Task ApplyEditorSettingsAsync(JsonElement? section) =>
        Configuration.SetEditorSettings(section) ? ConfigurationChangedAsync() : Task.CompletedTask;

    /// <summary>Fetches the editor settings with <c>workspace/configuration</c> (when the client supports it) and applies them.</summary>
    public async Task FetchEditorSettingsAsync()
    {
        if (!State.Client.Configuration)
        {
            return;
        }

        var (answered, section) = await Client.FetchSettingsAsync();
        if (answered)
        {
            await ApplyEditorSettingsAsync(section);
        }
    }

    private int _refreshPending;

    /// <summary>
    /// A document changed (an open buffer was edited, opened, saved or closed, or a file changed on disk): every open
    /// document whose last analysis followed a link to it is analysed again, and a pulling client is asked to pull
    /// again (at most once per quiet period, however fast the linked document is typed in).
    /// </summary>
    public void LinkedDocumentChanged(string uri)
    {
        var dependents = Analyzer.Workspace.DependentsOf(uri).Select(Documents.Get).OfType<OpenDocument>().ToList();
        if (dependents.Count == 0)
        {
            return;
        }

        Log.Debug("{Uri} changed: {Count} linking documents to analyse again", uri, dependents.Count);
        foreach (var dependent in dependents)
        {
            dependent.LinkedDocumentChanged();
            Diagnostics.Schedule(dependent.Uri);
        }

        if (State.Client.DiagnosticRefresh && Interlocked.Exchange(ref _refreshPending, 1) == 0)
        {
            _ = Task.Run(async () =>
            {
                await Task.Delay(Configuration.Debounce ?? LanguageServer.DefaultDebounce);
                Volatile.Write(ref _refreshPending, 0);
                await Client.RefreshDiagnosticsAsync();
            });
        }
    }

    /// <summary>After any settings change: analyse the open documents again (pushing) and ask a pulling client to pull again.</summary>
    public async Task ConfigurationChangedAsync()
    {
        Diagnostics.DebounceOverride = Configuration.Debounce;
        Diagnostics.ScheduleAll();
        if (State.Client.DiagnosticRefresh)
        {
            await Client.RefreshDiagnosticsAsync();
        }
    }
}
