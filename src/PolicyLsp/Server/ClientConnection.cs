using System.Text.Json;
using Serilog;
using StreamJsonRpc;

namespace PolicyLsp.Server;

/// <summary>Requests and notifications from the server to the client.</summary>
/// <param name="connection">The JSON-RPC connection, which the server sets up only after answering <c>initialize</c>.</param>
public sealed class ClientConnection(Func<LspJsonRpc> connection, ILogger log)
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private int _registrations;

    public async Task NotifyAsync(string method, object parameters)
    {
        try
        {
            await connection().NotifyWithObjectAsync(method, parameters);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or ConnectionLostException or IOException or InvalidOperationException)
        {
            log.Debug("cannot send {Method}: {Message}", method, ex.Message);
        }
    }

    /// <summary>Sends a request; null (and a log line) when the client fails it, doesn't answer in time or is gone.</summary>
    public async Task<JsonElement?> RequestAsync(string method, object? parameters)
    {
        using var timeout = new CancellationTokenSource(RequestTimeout);
        try
        {
            return await connection().RequestWithObjectAsync<JsonElement>(method, parameters, timeout.Token);
        }
        catch (Exception ex) when (ex is RemoteInvocationException or OperationCanceledException or ObjectDisposedException
            or ConnectionLostException or IOException or InvalidOperationException or JsonException)
        {
            log.Warning("{Method} request to the client failed: {Message}", method, ex.Message);
            return null;
        }
    }

    /// <summary>Shows a message, its control characters escaped (editors copy it into their logs).</summary>
    public Task ShowMessageAsync(ShowMessageParams parameters) =>
        NotifyAsync("window/showMessage", parameters with { Message = LogEscaping.Escape(parameters.Message) });

    /// <summary>
    /// Asks for the <c>policyLsp</c> settings section. <c>Answered</c> is false when the request failed (keep the current
    /// settings); <c>Section</c> is null when the client has no such section.
    /// </summary>
    public async Task<(bool Answered, JsonElement? Section)> FetchSettingsAsync()
    {
        var result = await RequestAsync("workspace/configuration", new ConfigurationParams([new ConfigurationItem(null, ConfigurationService.Section)]));
        return result switch
        {
            null => (false, null),
            { ValueKind: JsonValueKind.Array } array when array.GetArrayLength() > 0 => (true, array[0]),
            _ => (true, null),
        };
    }

    public Task RegisterConfigWatcherAsync() => RequestAsync("client/registerCapability", new RegistrationParams(
    [
        new Registration(
            $"policylsp-config-watcher-{Interlocked.Increment(ref _registrations)}",
            "workspace/didChangeWatchedFiles",
            // The config files, and the Markdown files policies link to (a change re-diagnoses the linking policies).
            new DidChangeWatchedFilesRegistrationOptions(
            [
                new FileSystemWatcher("**/" + Analysis.Configuration.ConfigReader.FileName, null),
                new FileSystemWatcher("**/*.{md,markdown}", null),
            ])),
    ]));

    public Task RefreshDiagnosticsAsync() => RequestAsync("workspace/diagnostic/refresh", null);
}
