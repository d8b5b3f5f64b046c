using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Serilog;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace PolicyLsp.Server;

/// <summary>
/// The server's one transport (LSP base protocol: a <c>Content-Length</c> header, then a JSON-RPC body) for
/// StreamJsonRpc: frames, validates and parses each message once (<see cref="IncomingMessage"/>). Malformed input is
/// answered here with a JSON-RPC error (id null when it cannot be known) instead of ending the connection, and reading
/// resumes at the next header; responses to requests the server never sent are dropped (StreamJsonRpc would end the
/// connection on them, and JSON-RPC says to ignore them).
/// </summary>
/// <remarks>
/// Not a <see cref="MessageHandlerBase"/>, and the formatter is made on first use: before the initialize answer the
/// server loads neither StreamJsonRpc's message types nor its threading library (see <see cref="LanguageServer"/>).
/// </remarks>
internal sealed class LspMessageHandler : IJsonRpcMessageHandler, System.IAsyncDisposable, IDisposable
{
    public const int MaxHeaderBytes = 16 * 1024;

    /// <summary>Outgoing messages this large are not kept for the next one to reuse.</summary>
    private const int KeptBufferBytes = 1024 * 1024;

    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] ContentLength = "content-length:"u8.ToArray();

    private readonly Stream _input;
    private readonly PipeWriter _output;
    private readonly ILogger _log;
    // Typed as the interface: a Lazy of the formatter class would keep (and flag) its reflection-based constructor.
    private readonly Lazy<IJsonRpcMessageFormatter> _formatter;
    private readonly JsonSerializerOptions _readOptions;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly HashSet<RequestId> _pending = [];
    private readonly Lock _lock = new();
    private ArrayBufferWriter<byte> _body = new(4096);
    private int _start;
    private int _end;
    private bool _resync;
    private volatile bool _closed;
    private IncomingMessage? _putBack;

    /// <param name="formatter">Makes the formatter that writes the messages sent (called once, on first use).</param>
    /// <param name="readOptions">
    /// Reads the parameters and results received: the protocol's settings without the formatter's converters for
    /// StreamJsonRpc's own marshalled types (progress, streams, pipes), which no LSP message carries and which cost the
    /// first message of each type a look at its interfaces and attributes.
    /// </param>
    public LspMessageHandler(Stream input, Stream output, Func<SystemTextJsonFormatter> formatter, JsonSerializerOptions readOptions, ILogger log)
    {
        _readOptions = readOptions;
        _input = input;
        _output = PipeWriter.Create(output);
        _formatter = new(formatter);
        _log = log;
    }

    public bool CanRead => true;

    public bool CanWrite => true;

    public IJsonRpcMessageFormatter Formatter => _formatter.Value;

    /// <summary>Makes <paramref name="message"/> (just read) the next one <see cref="ReadAsync"/> returns.</summary>
    public void PutBack(IncomingMessage message) => _putBack = message;

    /// <summary>The next message for StreamJsonRpc; null at the end of the input.</summary>
    public async ValueTask<JsonRpcMessage?> ReadAsync(CancellationToken cancellationToken) =>
        (await ReadMessageAsync(cancellationToken))?.ToJsonRpc();

    public async ValueTask WriteAsync(JsonRpcMessage jsonRpcMessage, CancellationToken cancellationToken)
    {
        if (jsonRpcMessage is JsonRpcRequest { IsResponseExpected: true } request)
        {
            lock (_lock)
            {
                _pending.Add(request.RequestId);
            }
        }

        await _writing.WaitAsync(cancellationToken);
        try
        {
            // The session has ended (end of input, shutdown): an analysis that finishes now has no one to tell.
            if (_closed)
            {
                throw new ConnectionLostException();
            }

            _formatter.Value.Serialize(_body, jsonRpcMessage);
            await WriteFrameAsync(_body);
        }
        finally
        {
            if (_body.Capacity > KeptBufferBytes)
            {
                _body = new ArrayBufferWriter<byte>(4096);
            }
            else
            {
                _body.ResetWrittenCount();
            }

            _writing.Release();
        }
    }

    /// <summary>
    /// Answers a request with <paramref name="result"/> serialized with the reading settings rather than the formatter's:
    /// the initialize answer, sent before StreamJsonRpc is set up, then costs no look at the formatter's converters.
    /// </summary>
    public async ValueTask WriteResultAsync<T>(RequestId id, T result, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("jsonrpc"u8, "2.0"u8);
            json.WritePropertyName("id"u8);
            if (id.String is { } text)
            {
                json.WriteStringValue(text);
            }
            else
            {
                json.WriteNumberValue(id.Number ?? 0);
            }

            json.WritePropertyName("result"u8);
            JsonSerializer.Serialize(json, result, (JsonTypeInfo<T>)_readOptions.GetTypeInfo(typeof(T)));
            json.WriteEndObject();
        }

        await _writing.WaitAsync(cancellationToken);
        try
        {
            await WriteFrameAsync(body);
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>The next message, read and parsed; malformed input on the way is answered and skipped. Null at the end of the input.</summary>
    public async ValueTask<IncomingMessage?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        if (_putBack is { } again)
        {
            _putBack = null;
            return again;
        }

        try
        {
            while (true)
            {
                if (_resync && !await SkipToNextHeaderAsync(cancellationToken))
                {
                    return null;
                }

                _resync = false;
                var header = await ReadHeaderAsync(cancellationToken);
                if (header is null)
                {
                    return null;
                }

                if (header.Error is { } headerError)
                {
                    _log.Warning("malformed message header: {Error}", headerError);
                    await RefuseAsync(new Refusal(RequestId.Null, LspErrorCodes.ParseError, $"malformed message header: {headerError}"));

                    // Junk before a real header (a stray "hello\r\n") is skipped up to it: the message it frames is still read.
                    _resync = !header.Resumes;
                    continue;
                }

                var length = header.Length;
                if (IncomingMessage.IsTooLarge(length))
                {
                    _log.Warning("message of {Length} bytes refused", length);
                    await RefuseAsync(new Refusal(RequestId.Null, LspErrorCodes.InvalidRequest, $"message of {length} bytes is over the {IncomingMessage.MessageLimit} byte limit"));
                    if (!await SkipAsync(length, cancellationToken))
                    {
                        return null;
                    }

                    continue;
                }

                var body = await ReadBodyAsync((int)length, cancellationToken);
                if (body is null)
                {
                    return null;
                }

                var (message, refusal) = IncomingMessage.Read(body, _readOptions);
                if (refusal is not null)
                {
                    _log.Warning("invalid message refused: {Error}", refusal.Message);
                    await RefuseAsync(refusal);
                    continue;
                }

                if (message!.Method is null && !Expected(message.Id))
                {
                    _log.Warning("response to an unknown request {Id} ignored", message.Id);
                    continue;
                }

                return message;
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            // As the end of the input: the connection closes without an error.
            _log.Debug("input closed: {Message}", ex.Message);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not IOException and not ObjectDisposedException)
        {
            _log.Error(ex, "reading messages failed");
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // From now on a write reports a lost connection (a write already under way fails as the pipe closes).
        _closed = true;
        await _output.CompleteAsync();
        await _input.DisposeAsync();
    }

    public void Dispose()
    {
        _closed = true;
        _output.Complete();
        _input.Dispose();
    }

    /// <summary>True (and forgotten) when <paramref name="id"/> is that of a request the server sent and awaits.</summary>
    private bool Expected(RequestId id)
    {
        lock (_lock)
        {
            return _pending.Remove(id);
        }
    }

    private async Task RefuseAsync(Refusal refusal)
    {
        try
        {
            await WriteAsync(
                new JsonRpcError
                {
                    RequestId = refusal.Id,
                    Error = new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)refusal.Code, Message = refusal.Message },
                },
                CancellationToken.None);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or IOException or InvalidOperationException)
        {
            _log.Debug("cannot answer a refused message: {Message}", ex.Message);
        }
    }

    /// <summary>Writes the header and <paramref name="body"/>, then flushes; the caller holds the write lock.</summary>
    private async Task WriteFrameAsync(ArrayBufferWriter<byte> body)
    {
        var header = _output.GetSpan(64);
        "Content-Length: "u8.CopyTo(header);
        Utf8Formatter.TryFormat(body.WrittenCount, header[16..], out var digits);
        "\r\n\r\n"u8.CopyTo(header[(16 + digits)..]);
        _output.Advance(16 + digits + 4);
        _output.Write(body.WrittenSpan);
        await _output.FlushAsync();
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
                    _log.Warning("input ended inside a message header");
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
            var read = await _input.ReadAsync(body.AsMemory(have), cancellationToken);
            if (read == 0)
            {
                _log.Warning("input ended inside a message body");
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
            var read = await _input.ReadAsync(_buffer.AsMemory(0, (int)Math.Min(length, _buffer.Length)), cancellationToken);
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

        var read = await _input.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        return read;
    }
}
