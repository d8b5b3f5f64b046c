using PolicyLsp.Server;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using StreamJsonRpc;

namespace PolicyLsp.Fuzz;

/// <summary>
/// Fuzz target <c>message</c>: the bytes are the whole stdin of one server session (framing, JSON-RPC dispatch,
/// handlers). The server must end when the input ends, and must not log an exception it did not expect.
/// </summary>
public static class MessageTarget
{
    /// <summary>A session over a few KiB of input ends in milliseconds; this much longer is a hang.</summary>
    public static readonly TimeSpan SessionLimit = TimeSpan.FromSeconds(10);

    public static void Run(byte[] input)
    {
        var sink = new UnexpectedErrorSink();
        using var log = new LoggerConfiguration().MinimumLevel.Warning().WriteTo.Sink(sink).CreateLogger();
        using (var server = new LanguageServer(new MemoryStream(input, writable: false), Stream.Null, TimeSpan.Zero, log))
        {
            server.Start();
            if (!server.Completion.Wait(SessionLimit))
            {
                throw new TimeoutException($"the server did not stop within {SessionLimit.TotalSeconds} s of the end of its input");
            }
        }

        sink.ThrowIfAny();
    }

    /// <summary>
    /// Collects what the server logs as a failure: an error with an exception (a handler, the reader or the analysis
    /// failed) or a connection that ended with an error. Errors without an exception (a bad config file) are expected.
    /// </summary>
    private sealed class UnexpectedErrorSink : ILogEventSink
    {
        private readonly List<LogEvent> _events = [];

        public void Emit(LogEvent logEvent)
        {
            var failed = (logEvent.Level >= LogEventLevel.Error && logEvent.Exception is not null && !IsConnectionLost(logEvent.Exception))
                || logEvent.MessageTemplate.Text == "connection closed with an error";
            if (failed)
            {
                lock (_events)
                {
                    _events.Add(logEvent);
                }
            }
        }

        /// <summary>The input ended while the server was still sending (it treats a lost client as expected).</summary>
        private static bool IsConnectionLost(Exception exception)
        {
            for (var e = exception; e is not null; e = e.InnerException)
            {
                if (e is ConnectionLostException)
                {
                    return true;
                }
            }

            return false;
        }

        public void ThrowIfAny()
        {
            lock (_events)
            {
                if (_events.Count > 0)
                {
                    var first = _events[0];
                    throw new InvalidOperationException($"server logged a failure: {first.RenderMessage()}", first.Exception);
                }
            }
        }
    }
}
