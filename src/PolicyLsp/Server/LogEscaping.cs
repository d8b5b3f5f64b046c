using System.Buffers;
using System.Globalization;
using System.Text;
using Serilog.Core;
using Serilog.Events;

namespace PolicyLsp.Server;

/// <summary>
/// Escapes control characters in logged values (a config key, a region name, a URI the client sent): a line break or a
/// terminal escape in one would otherwise forge whole log lines in the log file, on stderr or in the editor's log.
/// </summary>
public static class LogEscaping
{
    // C0, DEL, C1, the Unicode line and paragraph separators, and the bidirectional overrides and isolates.
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F"
        + "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F"
        + "\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F"
        + "\u2028\u2029\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    /// <summary>The text with each unsafe character written as an escape (<c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\u001B</c>…).</summary>
    public static string Escape(string text)
    {
        var at = text.AsSpan().IndexOfAny(Unsafe);
        if (at < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, at);
        foreach (var c in text.AsSpan(at))
        {
            if (!Unsafe.Contains(c))
            {
                escaped.Append(c);
                continue;
            }

            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
            });
        }

        return escaped.ToString();
    }

    /// <summary>Escapes every string in an event's properties, however deeply nested.</summary>
    public sealed class Enricher : ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
        {
            foreach (var (name, value) in logEvent.Properties.ToList())
            {
                var escaped = EscapeValue(value);
                if (!ReferenceEquals(escaped, value))
                {
                    logEvent.AddOrUpdateProperty(new LogEventProperty(name, escaped));
                }
            }
        }

        private static LogEventPropertyValue EscapeValue(LogEventPropertyValue value) => value switch
        {
            ScalarValue { Value: string text } when !ReferenceEquals(Escape(text), text) => new ScalarValue(Escape(text)),
            ScalarValue { Value: not (null or string) and var other } when other is not IFormattable && other.ToString() is { } shown && !ReferenceEquals(Escape(shown), shown) => new ScalarValue(Escape(shown)),
            SequenceValue sequence => new SequenceValue(sequence.Elements.Select(EscapeValue)),
            StructureValue structure => new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, EscapeValue(p.Value))), structure.TypeTag),
            DictionaryValue dictionary => new DictionaryValue(dictionary.Elements.Select(e => new KeyValuePair<ScalarValue, LogEventPropertyValue>((ScalarValue)EscapeValue(e.Key), EscapeValue(e.Value)))),
            _ => value,
        };
    }

    /// <summary>Passes events on with the exception's message escaped (its stack trace is the server's own).</summary>
    public sealed class ExceptionSink(ILogEventSink inner) : ILogEventSink, IDisposable
    {
        public void Emit(LogEvent logEvent)
        {
            if (logEvent.Exception is { } exception && HasUnsafeMessage(exception))
            {
                logEvent = new LogEvent(
                    logEvent.Timestamp,
                    logEvent.Level,
                    new EscapedException(exception),
                    logEvent.MessageTemplate,
                    logEvent.Properties.Select(p => new LogEventProperty(p.Key, p.Value)));
            }

            inner.Emit(logEvent);
        }

        public void Dispose() => (inner as IDisposable)?.Dispose();

        private static bool HasUnsafeMessage(Exception exception) =>
            !ReferenceEquals(Escape(exception.Message), exception.Message) || (exception.InnerException is { } inner && HasUnsafeMessage(inner));
    }

    /// <summary>An exception shown with its message escaped: its type, message, inner exceptions and stack trace.</summary>
    private sealed class EscapedException(Exception original) : Exception(Escape(original.Message))
    {
        public override string? StackTrace => original.StackTrace;

        public override string ToString()
        {
            var text = new StringBuilder();
            for (Exception? e = original; e is not null; e = e.InnerException)
            {
                text.Append(e == original ? string.Empty : " ---> ").Append(e.GetType().FullName).Append(": ").Append(Escape(e.Message));
            }

            return original.StackTrace is { } trace ? text.Append(Environment.NewLine).Append(trace).ToString() : text.ToString();
        }
    }
}
