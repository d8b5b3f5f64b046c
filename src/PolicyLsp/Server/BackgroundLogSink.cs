using Serilog.Core;
using Serilog.Events;

namespace PolicyLsp.Server;

/// <summary>
/// A sink created on a background thread (the rolling log file costs tens of milliseconds of CPU to open, which the
/// server should not spend before answering <c>initialize</c>), optionally only once the caller says so. Events logged
/// meanwhile are kept and written, in order, once it is ready.
/// </summary>
public sealed class BackgroundLogSink : ILogEventSink, IDisposable
{
    /// <summary>How long a deferred sink waits at most for <see cref="OpenNow"/>.</summary>
    public static readonly TimeSpan MaxDeferral = TimeSpan.FromSeconds(2);

    private const int MaxPending = 10_000;
    private readonly Lock _gate = new();
    private readonly Queue<LogEvent> _pending = new();
    private readonly TaskCompletionSource _openNow = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _opening;
    private ILogEventSink? _inner;
    private bool _closed;

    /// <param name="open">Creates the real sink; null when it cannot be created (the events are then dropped).</param>
    /// <param name="deferred">Creates it only after <see cref="OpenNow"/> (or <see cref="MaxDeferral"/>, or disposal) instead of right away.</param>
    public BackgroundLogSink(Func<ILogEventSink?> open, bool deferred = false)
    {
        _opening = deferred
            ? Task.Run(async () =>
            {
                await Task.WhenAny(_openNow.Task, Task.Delay(MaxDeferral));
                Attach(open);
            })
            : Task.Run(() => Attach(open));
    }

    /// <summary>Starts creating a deferred sink.</summary>
    public void OpenNow() => _openNow.TrySetResult();

    /// <summary>Completes when the real sink is attached (or could not be created).</summary>
    public Task Ready => _opening;

    public void Emit(LogEvent logEvent)
    {
        var inner = Volatile.Read(ref _inner);
        if (inner is null)
        {
            lock (_gate)
            {
                inner = _inner;
                if (inner is null)
                {
                    if (!_closed)
                    {
                        // A log file that takes long to open (a hung network share) must not hold every event.
                        if (_pending.Count >= MaxPending)
                        {
                            _pending.Dequeue();
                        }

                        _pending.Enqueue(logEvent);
                    }

                    return;
                }
            }
        }

        inner.Emit(logEvent);
    }

    /// <summary>Waits for the real sink (so nothing logged before is lost), then closes it.</summary>
    public void Dispose()
    {
        OpenNow();
        try
        {
            _opening.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        ILogEventSink? inner;
        lock (_gate)
        {
            _closed = true;
            _pending.Clear();
            inner = _inner;
            _inner = null;
        }

        (inner as IDisposable)?.Dispose();
    }

    private void Attach(Func<ILogEventSink?> open)
    {
        ILogEventSink? inner = null;
        try
        {
            inner = open();
        }
        finally
        {
            lock (_gate)
            {
                if (inner is not null && !_closed)
                {
                    while (_pending.TryDequeue(out var logEvent))
                    {
                        inner.Emit(logEvent);
                    }

                    Volatile.Write(ref _inner, inner);
                }
                else
                {
                    _closed = true;
                    _pending.Clear();
                    (inner as IDisposable)?.Dispose();
                }
            }
        }
    }
}
