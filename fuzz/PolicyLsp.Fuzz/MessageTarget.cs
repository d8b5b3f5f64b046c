using System.Text;
using PolicyLsp.Server;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using StreamJsonRpc;

namespace PolicyLsp.Fuzz;

/// <summary>
/// Fuzz target <c>message</c>: the bytes are the stdin of one server session (framing, JSON-RPC dispatch, handlers).
/// The server must end when its input ends, and must not log an exception it did not expect.
/// </summary>
public static class MessageTarget
{
    /// <summary>A session over a few KiB of input ends in milliseconds; this much longer is a hang.</summary>
    public static readonly TimeSpan SessionLimit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the input stays open for the end request's answer when the fuzzed bytes swallowed it (a frame cut
    /// short takes it as its body).
    /// </summary>
    private static readonly TimeSpan SwallowedEndWait = TimeSpan.FromMilliseconds(20);

    private const string EndId = "policylsp-fuzz-end";

    /// <summary>
    /// Sent after the fuzzed bytes: handlers run one at a time in arrival order, so its answer means every message
    /// before it was handled; only then does the input end. Without it, the end of the input races the handlers.
    /// </summary>
    private static readonly byte[] EndRequest = Frame($"{{\"jsonrpc\":\"2.0\",\"id\":\"{EndId}\",\"method\":\"shutdown\"}}");

    public static void Run(byte[] input)
    {
        var sink = new UnexpectedErrorSink();
        using var log = new LoggerConfiguration().MinimumLevel.Warning().WriteTo.Sink(sink).CreateLogger();
        var output = new AnswerWatch(Encoding.ASCII.GetBytes($"\"{EndId}\""));
        var stdin = new SessionInput([.. input, .. EndRequest], output.Seen, SwallowedEndWait);
        using (var server = new LanguageServer(stdin, output, TimeSpan.Zero, log))
        {
            server.Start();
            if (!server.Completion.Wait(SessionLimit))
            {
                throw new TimeoutException($"the server did not stop within {SessionLimit.TotalSeconds} s of the end of its input");
            }
        }

        sink.ThrowIfAny();
    }

    private static byte[] Frame(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body];
    }

    /// <summary>The session's stdin: the bytes, then end of input once <paramref name="ended"/> completes (or a short wait).</summary>
    private sealed class SessionInput(byte[] bytes, Task ended, TimeSpan fallback) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => bytes.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position < bytes.Length)
            {
                var count = Math.Min(buffer.Length, bytes.Length - _position);
                bytes.AsMemory(_position, count).CopyTo(buffer);
                _position += count;
                return count;
            }

            await Task.WhenAny(ended, Task.Delay(fallback, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            return 0;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>The session's stdout, discarded; watches for the answer to the end request.</summary>
    private sealed class AnswerWatch(byte[] marker) : Stream
    {
        private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private byte[] _tail = [];

        public Task Seen => _seen.Task;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            // Keep the last marker-length bytes so a marker split across two writes is still found.
            byte[] window = [.. _tail, .. buffer];
            if (window.AsSpan().IndexOf(marker) >= 0)
            {
                _seen.TrySetResult();
            }

            _tail = window[Math.Max(0, window.Length - marker.Length + 1)..];
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>
    /// Collects what the server logs as a failure: an error with an exception (a handler, the reader or the analysis
    /// failed) or a connection that ended with an error. Errors without an exception (a bad config file) are expected,
    /// and so is a connection lost while the server was still sending (the input ended).
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
    }
}
