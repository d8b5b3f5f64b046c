using Serilog.Core;
using Serilog.Events;

namespace PolicyLsp.Tests.Server;

/// <summary>A log sink that keeps the rendered messages (safe to read while the server logs) and notes its disposal.</summary>
internal sealed class ListSink : ILogEventSink, IDisposable
{
    private readonly List<string> _messages = [];

    /// <summary>The messages so far, in order (a copy).</summary>
    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public bool Disposed { get; private set; }

    public void Emit(LogEvent logEvent)
    {
        lock (_messages)
        {
            _messages.Add(logEvent.RenderMessage());
        }
    }

    public void Dispose() => Disposed = true;
}
