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

    /// <summary>The largest message body read, whatever the memory.</summary>
    public const long MaxBodyBytes = 256L * 1024 * 1024;

    /// <summary>
    /// Bytes of memory one JSON token of a message costs StreamJsonRpc to parse (its JsonDocument's rows, grown by
    /// doubling; measured: a 50 MB body of 25 M tokens peaked at ~31 bytes a token above the body's copies).
    /// </summary>
    public const long TokenCost = 32;

    /// <summary>The message limit is never below this, so small messages never look the memory up.</summary>
    public const long MinMessageLimit = 16L * 1024 * 1024;

    /// <summary>
    /// The memory one message may cost to read (<see cref="Cost"/>): <see cref="MaxBodyBytes"/>, or 1/16 of the memory
    /// available to the process (its GC limit, container limit or the machine's memory) when that is less, and never below
    /// <see cref="MinMessageLimit"/>. Reading a message takes about 4× its bytes at peak (its copies and its text as a
    /// string), so 1/16 keeps a message within a quarter of the memory.
    /// </summary>
    public static long MessageLimit => LazyMessageLimit.Value;

    private static readonly Lazy<long> LazyMessageLimit = new(() =>
    {
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return available > 0 ? Math.Max(MinMessageLimit, Math.Min(MaxBodyBytes, available / 16)) : MaxBodyBytes;
    });

    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] ContentLength = "content-length:"u8.ToArray();
    private const int MaxDepth = 256;

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
                if (length > MinMessageLimit && length > MessageLimit)
                {
                    await FirstAsync(null);
                    log.Warning("message of {Length} bytes refused", length);
                    await reject(RequestId.Null, LspErrorCodes.InvalidRequest, $"message of {length} bytes is over the {MessageLimit} byte limit");
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
    /// <remarks>
    /// Read with a forward-only reader, which builds nothing: StreamJsonRpc's parse is then the only one. The reader
    /// also counts the tokens, which is what that parse costs beyond the body (<see cref="TokenCost"/> bytes each).
    /// </remarks>
    internal static (RequestId Id, int Code, string Message)? Validate(byte[] body)
    {
        // Strings are not decoded by the reader, so invalid UTF-8 would otherwise throw later, in StreamJsonRpc.
        if (!Utf8.IsValid(body))
        {
            return (RequestId.Null, LspErrorCodes.ParseError, "parse error: the message is not valid UTF-8");
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        var id = RequestId.Null;
        var hasId = false;
        var badId = false;
        var notObject = false;
        JsonTokenType? method = null;
        var emptyMethod = false;
        JsonTokenType? parameters = null;
        var hasResult = false;
        var member = Member.Other;
        long tokens = 0;
        try
        {
            while (reader.Read())
            {
                tokens++;
                if (reader.CurrentDepth == 0)
                {
                    notObject |= reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.EndObject);
                    continue;
                }

                if (reader.CurrentDepth != 1)
                {
                    // Checked now and then: a message over the limit is refused before it is read to the end.
                    if ((tokens & 0xFFFF) == 0 && Cost(body.Length, tokens) > MinMessageLimit && Cost(body.Length, tokens) > MessageLimit)
                    {
                        return TooLarge(body.Length, tokens);
                    }

                    continue;
                }

                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    // A repeated member counts as its last occurrence, as JsonDocument (and so StreamJsonRpc) reads it.
                    member = reader.ValueTextEquals("id"u8) ? Member.Id
                        : reader.ValueTextEquals("method"u8) ? Member.Method
                        : reader.ValueTextEquals("params"u8) ? Member.Params
                        : reader.ValueTextEquals("result"u8) || reader.ValueTextEquals("error"u8) ? Member.Result
                        : Member.Other;
                    continue;
                }

                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    continue;
                }

                switch (member)
                {
                    case Member.Id:
                        hasId = true;
                        (id, badId) = reader.TokenType switch
                        {
                            JsonTokenType.Number when reader.TryGetInt64(out var number) => (new RequestId(number), false),
                            JsonTokenType.String => (new RequestId(reader.GetString()), false),
                            JsonTokenType.Null => (RequestId.Null, false),
                            _ => (RequestId.Null, true),
                        };
                        break;
                    case Member.Method:
                        method = reader.TokenType;
                        emptyMethod = reader.TokenType == JsonTokenType.String && reader.ValueSpan.IsEmpty;
                        break;
                    case Member.Params:
                        parameters = reader.TokenType;
                        break;
                    case Member.Result:
                        hasResult = true;
                        break;
                }

                member = Member.Other;
            }

            if (tokens == 0)
            {
                return (RequestId.Null, LspErrorCodes.ParseError, "parse error: the message is not valid JSON (it is empty)");
            }
        }
        catch (JsonException ex)
        {
            return (RequestId.Null, LspErrorCodes.ParseError, $"parse error: the message is not valid JSON ({FirstSentence(ex.Message)})");
        }

        if (Cost(body.Length, tokens) > MinMessageLimit && Cost(body.Length, tokens) > MessageLimit)
        {
            return TooLarge(body.Length, tokens);
        }

        if (notObject)
        {
            return (RequestId.Null, LspErrorCodes.InvalidRequest, "invalid request: a message must be a JSON object");
        }

        if (badId)
        {
            return (RequestId.Null, LspErrorCodes.InvalidRequest, "invalid request: \"id\" must be a number or a string");
        }

        if (method is { } kind)
        {
            if (kind != JsonTokenType.String || emptyMethod)
            {
                return (id, LspErrorCodes.InvalidRequest, "invalid request: \"method\" must be a non-empty string");
            }

            if (parameters is { } p && p is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.Null))
            {
                return (id, LspErrorCodes.InvalidRequest, "invalid request: \"params\" must be an object or an array");
            }

            return null;
        }

        if (hasId && hasResult)
        {
            return null;
        }

        return (id, LspErrorCodes.InvalidRequest, "invalid request: a message needs a \"method\" (request or notification) or a \"result\"/\"error\" (response)");
    }

    /// <summary>What reading a message costs in memory, roughly: its bytes and its parsed structure.</summary>
    private static long Cost(long bytes, long tokens) => bytes + (tokens * TokenCost);

    private static (RequestId Id, int Code, string Message) TooLarge(long bytes, long tokens) =>
        (RequestId.Null, LspErrorCodes.InvalidRequest, string.Create(
            CultureInfo.InvariantCulture,
            $"message refused: {bytes} bytes with {tokens}+ JSON tokens would take about {Cost(bytes, tokens)} bytes of memory to read, over the {MessageLimit} byte limit"));

    private enum Member
    {
        Other,
        Id,
        Method,
        Params,
        Result,
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
