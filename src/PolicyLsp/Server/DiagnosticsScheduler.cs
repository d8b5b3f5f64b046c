using Serilog;

namespace PolicyLsp.Server;

/// <summary>
/// Runs analysis off the message loop after a quiet period, one pending run per document (a newer edit cancels
/// the older run), and publishes diagnostics only for the document's current version (never when the client pulls).
/// </summary>
public sealed class DiagnosticsScheduler(
    DocumentStore documents,
    DocumentAnalyzer analyzer,
    ServerState state,
    Func<PublishDiagnosticsParams, Task> publish,
    TimeSpan debounce,
    ILogger log) : IDisposable
{
    private readonly Dictionary<string, CancellationTokenSource> _pending = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _publishGate = new(1, 1);

    /// <summary>The editor's <c>debounceMs</c> setting, which replaces the server's default quiet period.</summary>
    public TimeSpan? DebounceOverride { get; set; }

    /// <summary>Analyses every open document again (the settings changed).</summary>
    public void ScheduleAll()
    {
        foreach (var document in documents.All())
        {
            Schedule(document.Uri);
        }
    }

    public void Schedule(string uri)
    {
        var cts = new CancellationTokenSource();
        lock (_lock)
        {
            if (_pending.Remove(uri, out var previous))
            {
                previous.Cancel();
            }

            _pending[uri] = cts;
        }

        _ = Task.Run(() => RunAsync(uri, cts));
    }

    /// <summary>Cancels any pending run and clears the document's diagnostics.</summary>
    public Task ClearAsync(string uri)
    {
        Cancel(uri);
        if (state.PullDiagnostics)
        {
            return Task.CompletedTask;
        }

        return PublishAsync(new PublishDiagnosticsParams(uri, null, []));
    }

    public void Cancel(string uri)
    {
        lock (_lock)
        {
            if (_pending.Remove(uri, out var previous))
            {
                previous.Cancel();
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var cts in _pending.Values)
            {
                cts.Cancel();
            }

            _pending.Clear();
        }
    }

    private async Task RunAsync(string uri, CancellationTokenSource cts)
    {
        // Only this method disposes its source, under the lock and after removing it, so others can still cancel it.
        var token = cts.Token;
        try
        {
            var quiet = DebounceOverride ?? debounce;
            if (quiet > TimeSpan.Zero)
            {
                await Task.Delay(quiet, token);
            }

            var document = documents.Get(uri);
            if (document is null || token.IsCancellationRequested)
            {
                return;
            }

            var started = DateTime.UtcNow;
            var result = analyzer.Analyze(document);
            if (state.PullDiagnostics)
            {
                // The client pulls: the analysis is now cached for its textDocument/diagnostic request.
                log.Debug("analysed {Uri} v{Version} for pull in {Ms:F1} ms", uri, document.Version, (DateTime.UtcNow - started).TotalMilliseconds);
                return;
            }

            var mapper = new PositionMapper(result.Source, state.PositionEncoding);
            var diagnostics = FindingConverter.ToDiagnostics(uri, result, mapper);
            log.Debug("analysed {Uri} v{Version}: {Count} findings in {Ms:F1} ms", uri, document.Version, diagnostics.Count, (DateTime.UtcNow - started).TotalMilliseconds);

            await _publishGate.WaitAsync(CancellationToken.None);
            try
            {
                // Publish only if this is still the document's latest text.
                if (token.IsCancellationRequested || !ReferenceEquals(documents.Get(uri), document))
                {
                    return;
                }

                await publish(new PublishDiagnosticsParams(uri, document.Version, diagnostics));
            }
            finally
            {
                _publishGate.Release();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            log.Error(ex, "analysis of {Uri} failed", uri);
        }
        finally
        {
            lock (_lock)
            {
                if (_pending.TryGetValue(uri, out var current) && current == cts)
                {
                    _pending.Remove(uri);
                }

                cts.Dispose();
            }
        }
    }

    private async Task PublishAsync(PublishDiagnosticsParams parameters)
    {
        await _publishGate.WaitAsync();
        try
        {
            await publish(parameters);
        }
        catch (Exception ex)
        {
            log.Warning(ex, "cannot publish diagnostics for {Uri}", parameters.Uri);
        }
        finally
        {
            _publishGate.Release();
        }
    }
}
