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

    public PositionMapper MapperFor(DocumentAnalysis analysis) => new(analysis.Source, State.PositionEncoding);

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
