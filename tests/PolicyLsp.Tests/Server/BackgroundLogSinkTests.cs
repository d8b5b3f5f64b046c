using PolicyLsp.Server;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace PolicyLsp.Tests.Server;

public sealed class BackgroundLogSinkTests
{
    [Fact]
    public async Task Events_logged_before_the_sink_opens_are_written_first_and_in_order()
    {
        using var open = new ManualResetEventSlim();
        var inner = new ListSink();
        using var sink = new BackgroundLogSink(() =>
        {
            open.Wait(TimeSpan.FromSeconds(10));
            return inner;
        });
        sink.Emit(Event("one"));
        sink.Emit(Event("two"));
        Assert.Empty(inner.Messages);

        open.Set();
        await sink.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        sink.Emit(Event("three"));
        Assert.Equal(["one", "two", "three"], inner.Messages);
    }

    [Fact]
    public async Task While_the_sink_opens_only_the_latest_events_are_kept()
    {
        using var open = new ManualResetEventSlim();
        var inner = new ListSink();
        using var sink = new BackgroundLogSink(() =>
        {
            open.Wait(TimeSpan.FromSeconds(10));
            return inner;
        });
        for (var i = 0; i < 25_000; i++)
        {
            sink.Emit(Event($"event {i}"));
        }

        open.Set();
        await sink.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(10_000, inner.Messages.Count);
        Assert.Equal("event 24999", inner.Messages[^1]);
    }

    [Fact]
    public async Task Events_are_dropped_when_the_sink_cannot_be_opened()
    {
        using var sink = new BackgroundLogSink(() => null);
        await sink.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        sink.Emit(Event("lost"));
    }

    [Fact]
    public void Dispose_waits_for_the_sink_and_closes_it()
    {
        var inner = new ListSink();
        var sink = new BackgroundLogSink(() =>
        {
            Thread.Sleep(50);
            return inner;
        });
        sink.Emit(Event("early"));
        sink.Dispose();
        Assert.Equal(["early"], inner.Messages);
        Assert.True(inner.Disposed);
    }

    [Fact]
    public async Task A_deferred_sink_opens_only_when_told_and_keeps_the_events_until_then()
    {
        var opened = 0;
        var inner = new ListSink();
        using var sink = new BackgroundLogSink(
            () =>
            {
                Interlocked.Increment(ref opened);
                return inner;
            },
            deferred: true);
        sink.Emit(Event("before"));
        await Task.Delay(200);
        Assert.Equal(0, Volatile.Read(ref opened));

        sink.OpenNow();
        sink.OpenNow();
        await sink.Ready.WaitAsync(TimeSpan.FromSeconds(10));
        sink.Emit(Event("after"));
        Assert.Equal(1, opened);
        Assert.Equal(["before", "after"], inner.Messages);
    }

    [Fact]
    public async Task A_deferred_sink_opens_by_itself_after_the_longest_deferral()
    {
        var inner = new ListSink();
        using var sink = new BackgroundLogSink(() => inner, deferred: true);
        sink.Emit(Event("waiting"));
        await sink.Ready.WaitAsync(BackgroundLogSink.MaxDeferral + TimeSpan.FromSeconds(10));
        Assert.Equal(["waiting"], inner.Messages);
    }

    [Fact]
    public void Dispose_opens_a_deferred_sink_so_nothing_is_lost()
    {
        var inner = new ListSink();
        var sink = new BackgroundLogSink(() => inner, deferred: true);
        sink.Emit(Event("last words"));
        sink.Dispose();
        Assert.Equal(["last words"], inner.Messages);
        Assert.True(inner.Disposed);
    }

    private static LogEvent Event(string text) =>
        new(DateTimeOffset.UtcNow, LogEventLevel.Information, null, new MessageTemplateParser().Parse(text), []);
}
