using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Serilog;
using StreamJsonRpc;

namespace PolicyLsp.Server;

/// <summary>
/// Sits between the raw input and StreamJsonRpc: reads LSP frames (<c>Content-Length</c> header + body) and forwards
/// only well-formed JSON-RPC messages. A frame with a bad header or a body that is not JSON gets a JSON-RPC error
/// (id null when it cannot be known) instead of ending the connection, and reading resumes at the next header.
/// </summary>
/// <param name="first">
/// Called once, before anything is forwarded or rejected: with the body of the first message when it is a well-formed
/// JSON-RPC message, else (a malformed first frame, or the input ending first) with null. True means it answered the
/// message itself, which is then not forwarded; either way the reader of <paramref name="output"/> must be ready when it returns.
/// </param>
internal sealed class MessageFraming(
    Stream input,
    PipeWriter output,
    Func<RequestId, int, string, Task> reject,
    ILogger log,
    Func<byte[]?, ValueTask<bool>>? first = null)
{
    public const int MaxHeaderBytes = 16 * 1024;
    public const long MaxBodyBytes = 256L * 1024 * 1024;

    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] ContentLength = "content-length:"u8.ToArray();
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 256 };

    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _firstSeen;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var resync = false;
            while (!cancellationToken.IsCancellationRequested)
            {
                if (resync && !await SkipToNextHeaderAsync(cancellationToken))
                {
                    return;
                }

                resync = false;
                var header = await ReadHeaderAsync(cancellationToken);
                if (header is null)
                {
                    return;
                }

                if (header.Error is { } headerError)
                {
                    await FirstAsync(null);
                    log.Warning("malformed message header: {Error}", headerError);
                    await reject(RequestId.Null, LspErrorCodes.ParseError, $"malformed message header: {headerError}");

                    // Junk before a real header (a stray "hello\r\n") is skipped up to it: the message it frames is still read.
                    resync = !header.Resumes;
                    continue;
                }

                var length = header.Length;
                if (length > MaxBodyBytes)
                {
                    await FirstAsync(null);
                    log.Warning("message of {Length} bytes refused", length);
                    await reject(RequestId.Null, LspErrorCodes.InvalidRequest, $"message of {length} bytes is over the {MaxBodyBytes} byte limit");
                    if (!await SkipAsync(length, cancellationToken))
                    {
                        return;
                    }

                    continue;
                }

                var body = await ReadBodyAsync((int)length, cancellationToken);
                if (body is null)
                {
                    return;
                }

                if (Validate(body) is { } invalid)
                {
                    await FirstAsync(null);
                    log.Warning("invalid message refused: {Error}", invalid.Message);
                    await reject(invalid.Id, invalid.Code, invalid.Message);
                    continue;
                }

                if (await FirstAsync(body))
                {
                    continue;
                }

                await output.WriteAsync(Frame(body.Length), cancellationToken);
                var flushed = await output.WriteAsync(body, cancellationToken);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            log.Debug("input closed: {Message}", ex.Message);
        }
        catch (Exception ex)
        {
            failure = ex;
            log.Error(ex, "reading messages failed");
        }
        finally
        {
            try
            {
                await FirstAsync(null);
            }
            finally
            {
                await output.CompleteAsync(failure);
            }
        }
    }

    private async ValueTask<bool> FirstAsync(byte[]? body)
    {
        if (_firstSeen || first is null)
        {
            return false;
        }

        _firstSeen = true;
        return await first(body);
    }

    /// <summary>Null when the body is a JSON-RPC message; else the error to answer with.</summary>
    internal static (RequestId Id, int Code, string Message)? Validate(byte[] body)
    {
        // JsonDocument defers decoding strings, so invalid UTF-8 would otherwise throw later, here or in StreamJsonRpc.
        if (!Utf8.IsValid(body))
        {
            return (RequestId.Null, LspErrorCodes.ParseError, "parse error: the message is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, JsonOptions);
        }
        catch (JsonException ex)
        {
            return (RequestId.Null, LspErrorCodes.ParseError, $"parse error: the message is not valid JSON ({FirstSentence(ex.Message)})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (RequestId.Null, LspErrorCodes.InvalidRequest, "invalid request: a message must be a JSON object");
            }

            var id = RequestId.Null;
            var hasId = root.TryGetProperty("id", out var idElement);
            if (hasId)
            {
                switch (idElement.ValueKind)
                {
                    case JsonValueKind.Number when idElement.TryGetInt64(out var number):
                        id = new RequestId(number);
                        break;
                    case JsonValueKind.String:
                        id = new RequestId(idElement.GetString());
                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        return (RequestId.Null, LspErrorCodes.InvalidRequest, "invalid request: \"id\" must be a number or a string");
                }
            }

            if (root.TryGetProperty("method", out var method))
            {
                if (method.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(method.GetString()))
                {
                    return (id, LspErrorCodes.InvalidRequest, "invalid request: \"method\" must be a non-empty string");
                }

                if (root.TryGetProperty("params", out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null))
                {
                    return (id, LspErrorCodes.InvalidRequest, "invalid request: \"params\" must be an object or an array");
                }

                return null;
            }

            if (hasId && (root.TryGetProperty("result", out _) || root.TryGetProperty("error", out _)))
            {
                return null;
            }

            return (id, LspErrorCodes.InvalidRequest, "invalid request: a message needs a \"method\" (request or notification) or a \"result\"/\"error\" (response)");
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message.TrimEnd('.');
    }

    /// <param name="Resumes">After an error: the input was left at a later "Content-Length:" of the same block, to be read next.</param>
    private sealed record Header(long Length, string? Error, bool Resumes = false);

    /// <summary>The next header block; null at the end of the input.</summary>
    private async Task<Header?> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var searched = 0;
        while (true)
        {
            var at = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf(HeaderEnd);
            if (at >= 0)
            {
                var block = _buffer.AsSpan(_start, searched + at);
                var header = Parse(Encoding.ASCII.GetString(block), out var badAt);
                if (header.Error is not null && NextContentLength(block, badAt) is { } resume)
                {
                    _start += resume;
                    return header with { Resumes = true };
                }

                _start += searched + at + HeaderEnd.Length;
                return header;
            }

            searched = Math.Max(0, _end - _start - (HeaderEnd.Length - 1));
            if (_end - _start >= MaxHeaderBytes)
            {
                _start = _end;
                return new Header(0, $"no end of header within {MaxHeaderBytes} bytes");
            }

            if (await FillAsync(cancellationToken) == 0)
            {
                if (_end > _start)
                {
                    log.Warning("input ended inside a message header");
                }

                return null;
            }
        }
    }

    /// <param name="badAt">On an error, the offset of the line at fault (0 when no line is).</param>
    private static Header Parse(string text, out int badAt)
    {
        long? length = null;
        badAt = 0;
        for (var lineStart = 0; lineStart <= text.Length;)
        {
            var lineEnd = text.IndexOf("\r\n", lineStart, StringComparison.Ordinal);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            var line = text.AsSpan(lineStart, lineEnd - lineStart);
            var at = lineStart;
            lineStart = lineEnd + 2;
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                badAt = at;
                return new Header(0, "a header line is not \"Name: value\"");
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    badAt = at;
                    return new Header(0, "Content-Length is not a number");
                }

                length = parsed;
            }
        }

        return length is { } l ? new Header(l, null) : new Header(0, "no Content-Length header");
    }

    /// <summary>The offset of the first "Content-Length:" in the header block after the start of the line at fault; null if none.</summary>
    private static int? NextContentLength(ReadOnlySpan<byte> block, int badAt)
    {
        for (var i = badAt + 1; i <= block.Length - ContentLength.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(block.Slice(i, ContentLength.Length), ContentLength))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>The header that frames a body of <paramref name="length"/> bytes (what goes before it on the wire).</summary>
    public static byte[] Frame(int length) =>
        Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Content-Length: {length}\r\n\r\n"));

    /// <summary>After a bad header, skips to the next "Content-Length:" (false at the end of the input).</summary>
    private async Task<bool> SkipToNextHeaderAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            for (var i = _start; i <= _end - ContentLength.Length; i++)
            {
                if (Ascii.EqualsIgnoreCase(_buffer.AsSpan(i, ContentLength.Length), ContentLength))
                {
                    _start = i;
                    return true;
                }
            }

            _start = Math.Max(_start, _end - (ContentLength.Length - 1));
            if (await FillAsync(cancellationToken) == 0)
            {
                return false;
            }
        }
    }

    private async Task<byte[]?> ReadBodyAsync(int length, CancellationToken cancellationToken)
    {
        var body = new byte[length];
        var have = Math.Min(length, _end - _start);
        Array.Copy(_buffer, _start, body, 0, have);
        _start += have;
        while (have < length)
        {
            var read = await input.ReadAsync(body.AsMemory(have), cancellationToken);
            if (read == 0)
            {
                log.Warning("input ended inside a message body");
                return null;
            }

            have += read;
        }

        return body;
    }

    private async Task<bool> SkipAsync(long length, CancellationToken cancellationToken)
    {
        var buffered = Math.Min(length, _end - _start);
        _start += (int)buffered;
        length -= buffered;
        while (length > 0)
        {
            var read = await input.ReadAsync(_buffer.AsMemory(0, (int)Math.Min(length, _buffer.Length)), cancellationToken);
            if (read == 0)
            {
                return false;
            }

            length -= read;
        }

        return true;
    }

    /// <summary>Reads more input after the unread bytes; 0 at the end of the input.</summary>
    private async Task<int> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var read = await input.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        return read;
    }
}
