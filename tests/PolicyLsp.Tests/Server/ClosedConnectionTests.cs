using System.Text.Json;
using PolicyLsp.Server;
using Serilog;
using Serilog.Events;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace PolicyLsp.Tests.Server;

/// <summary>
/// The session ends (the client closes the input, or exits) while an analysis still runs: its diagnostics have no one
/// to go to, and that is not a failure of the server.
/// </summary>
public sealed class ClosedConnectionTests
{
    [Fact]
    public async Task A_message_written_after_the_session_closed_reports_a_lost_connection()
    {
        var handler = new LspMessageHandler(new MemoryStream(), new MemoryStream(), () => new SystemTextJsonFormatter(), new JsonSerializerOptions(), Serilog.Core.Logger.None);
        await handler.DisposeAsync();

        var notification = new JsonRpcRequest { Method = "textDocument/publishDiagnostics" };
        await Assert.ThrowsAsync<ConnectionLostException>(() => handler.WriteAsync(notification, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task An_analysis_whose_connection_closed_logs_no_error()
    {
        var sink = new LevelSink();
        var log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger();
        var documents = new DocumentStore();
        var analyzer = new DocumentAnalyzer(new ConfigurationService(log), log, openDocument: documents.Get);
        var published = new TaskCompletionSource();
        var client = new ClientConnection(() =>
        {
            published.TrySetResult();
            throw new ConnectionLostException();
        }, log);
        using var scheduler = new DiagnosticsScheduler(
            documents, analyzer, new ServerState(), p => client.NotifyAsync("textDocument/publishDiagnostics", p), TimeSpan.Zero, log);

        documents.Open("file:///tmp/policy.md", "# Privacy\n\nWe may use your posts to train our AI models.\n", 1);
        scheduler.Schedule("file:///tmp/policy.md");
        await published.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(200);

        Assert.DoesNotContain(sink.Levels, level => level >= LogEventLevel.Error);
        Assert.Contains(LogEventLevel.Debug, sink.Levels);
    }

    private sealed class LevelSink : Serilog.Core.ILogEventSink
    {
        private readonly List<LogEventLevel> _levels = [];

        public IReadOnlyList<LogEventLevel> Levels
        {
            get
            {
                lock (_levels)
                {
                    return [.. _levels];
                }
            }
        }

        public void Emit(LogEvent logEvent)
        {
            lock (_levels)
            {
                _levels.Add(logEvent.Level);
            }
        }
    }
}
