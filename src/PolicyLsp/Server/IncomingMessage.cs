using System.Globalization;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace PolicyLsp.Server;

/// <summary>What a message body is refused with: the request id when it could be read, the JSON-RPC error code and text.</summary>
internal sealed record Refusal(RequestId Id, int Code, string Message);

/// <summary>
/// Reads one message body in a single forward pass, which both validates it and finds its parts: the envelope (id,
/// method, version) is read as it goes, <c>params</c>, <c>result</c> and <c>error</c> are kept as slices of the body and
/// deserialized once, straight into the handler's parameter type when StreamJsonRpc asks for them. No JSON document
/// is built. StreamJsonRpc gets it as a <see cref="JsonRpcMessage"/> (<see cref="ToJsonRpc"/>); the server's first
/// message is answered from this form, before StreamJsonRpc's message types are loaded.
/// </summary>
internal sealed class IncomingMessage
{
    /// <summary>The largest message body read, whatever the memory.</summary>
    public const long MaxBodyBytes = 256L * 1024 * 1024;

    /// <summary>
    /// Bytes of memory one JSON token of a message may cost to deserialize: a <see cref="JsonElement"/> parameter's rows
    /// (grown by doubling; measured: a 50 MB body of 25 M tokens peaked at ~31 bytes a token above the body's copies),
    /// and typed parameters cost at least as much per element.
    /// </summary>
    public const long TokenCost = 32;

    /// <summary>The message limit is never below this, so small messages never look the memory up.</summary>
    public const long MinMessageLimit = 16L * 1024 * 1024;

    private const int MaxDepth = 256;

    private static readonly Lazy<long> LazyMessageLimit = new(() =>
    {
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return available > 0 ? Math.Max(MinMessageLimit, Math.Min(MaxBodyBytes, available / 16)) : MaxBodyBytes;
    });

    /// <summary>
    /// The memory one message may cost to read (<see cref="Cost"/>): <see cref="MaxBodyBytes"/>, or 1/16 of the memory
    /// available to the process (its GC limit, container limit or the machine's memory) when that is less, and never below
    /// <see cref="MinMessageLimit"/>. Reading a message takes about 4× its bytes at peak (the body and its text as a
    /// string), so 1/16 keeps a message within a quarter of the memory.
    /// </summary>
    public static long MessageLimit => LazyMessageLimit.Value;

    private enum Member
    {
        Other,
        Version,
        Id,
        Method,
        Params,
        Result,
        Error,
    }

    /// <summary>True when a message of <paramref name="bytes"/> bytes is refused before it is read.</summary>
    public static bool IsTooLarge(long bytes) => bytes > MinMessageLimit && bytes > MessageLimit;

    private readonly JsonSerializerOptions _options;
    private readonly string _version;
    private readonly ReadOnlyMemory<byte>? _arguments;
    private readonly int _argumentCount;
    private readonly ReadOnlyMemory<byte>? _result;
    private readonly ReadOnlyMemory<byte>? _error;

    private IncomingMessage(RequestId id, string? method, string? version, JsonSerializerOptions options)
    {
        Id = id;
        Method = method;
        _version = version ?? "1.0";
        _options = options;
    }

    private IncomingMessage(RequestId id, string? method, string? version, JsonSerializerOptions options, ReadOnlyMemory<byte>? arguments, int argumentCount)
        : this(id, method, version, options)
    {
        _arguments = arguments;
        _argumentCount = argumentCount;
    }

    private IncomingMessage(RequestId id, string? version, JsonSerializerOptions options, ReadOnlyMemory<byte>? result, ReadOnlyMemory<byte>? error)
        : this(id, null, version, options)
    {
        _result = result;
        _error = error;
    }

    /// <summary>The request id; <see cref="RequestId.NotSpecified"/> for a notification.</summary>
    public RequestId Id { get; }

    /// <summary>The method of a request or notification; null for a response.</summary>
    public string? Method { get; }

    /// <summary>The message in <paramref name="body"/>, or why it is refused (exactly one of the two is set).</summary>
    /// <param name="options">The serializer settings its parameters and results are deserialized with.</param>
    public static (IncomingMessage? Message, Refusal? Refusal) Read(byte[] body, JsonSerializerOptions options)
    {
        // Strings are not decoded by the reader, so invalid UTF-8 would otherwise throw later, in a handler's parameters.
        if (!Utf8.IsValid(body))
        {
            return Refuse(RequestId.Null, LspErrorCodes.ParseError, "parse error: the message is not valid UTF-8");
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        var id = RequestId.NotSpecified;
        var badId = false;
        var notObject = false;
        string? version = null;
        JsonTokenType? methodKind = null;
        string? method = null;
        Slice? parameters = null;
        var argumentCount = 0;
        Slice? result = null;
        Slice? error = null;
        var member = Member.Other;

        // The member whose object or array value is being read, and where that value started.
        var open = Member.Other;
        var openStart = 0;
        long tokens = 0;
        try
        {
            while (reader.Read())
            {
                tokens++;
                var depth = reader.CurrentDepth;
                if (depth == 0)
                {
                    notObject |= reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.EndObject);
                    continue;
                }

                if (depth != 1)
                {
                    // The direct members of params are its arguments (StreamJsonRpc matches their count to a method's).
                    if (depth == 2 && open == Member.Params && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray)
                        && (reader.TokenType == JsonTokenType.PropertyName || parameters?.Kind != JsonTokenType.StartObject))
                    {
                        argumentCount++;
                    }

                    // Checked now and then: a message over the limit is refused before it is read to the end.
                    if ((tokens & 0xFFFF) == 0 && IsTooCostly(body.Length, tokens))
                    {
                        return TooLarge(body.Length, tokens);
                    }

                    continue;
                }

                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    // A repeated member counts as its last occurrence, as JsonDocument reads it.
                    member = reader.ValueTextEquals("id"u8) ? Member.Id
                        : reader.ValueTextEquals("method"u8) ? Member.Method
                        : reader.ValueTextEquals("params"u8) ? Member.Params
                        : reader.ValueTextEquals("result"u8) ? Member.Result
                        : reader.ValueTextEquals("error"u8) ? Member.Error
                        : reader.ValueTextEquals("jsonrpc"u8) ? Member.Version
                        : Member.Other;
                    continue;
                }

                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    var whole = new Slice(openStart, (int)reader.BytesConsumed - openStart, reader.TokenType == JsonTokenType.EndObject ? JsonTokenType.StartObject : JsonTokenType.StartArray);
                    switch (open)
                    {
                        case Member.Params:
                            parameters = whole;
                            break;
                        case Member.Result:
                            result = whole;
                            break;
                        case Member.Error:
                            error = whole;
                            break;
                    }

                    open = Member.Other;
                    continue;
                }

                var start = (int)reader.TokenStartIndex;
                var container = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray;
                var scalar = new Slice(start, (int)reader.BytesConsumed - start, reader.TokenType);
                switch (member)
                {
                    case Member.Id:
                        (id, badId) = reader.TokenType switch
                        {
                            JsonTokenType.Number when reader.TryGetInt64(out var number) => (new RequestId(number), false),
                            JsonTokenType.String => (new RequestId(reader.GetString()), false),
                            JsonTokenType.Null => (RequestId.Null, false),
                            _ => (RequestId.Null, true),
                        };
                        break;
                    case Member.Method:
                        methodKind = reader.TokenType;
                        method = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        break;
                    case Member.Version:
                        version = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        break;
                    case Member.Params:
                        parameters = scalar;
                        argumentCount = 0;
                        break;
                    case Member.Result:
                        result = scalar;
                        break;
                    case Member.Error:
                        error = scalar;
                        break;
                }

                if (container)
                {
                    open = member;
                    openStart = start;
                }

                member = Member.Other;
            }

            if (tokens == 0)
            {
                return Refuse(RequestId.Null, LspErrorCodes.ParseError, "parse error: the message is not valid JSON (it is empty)");
            }
        }
        catch (JsonException ex)
        {
            return Refuse(RequestId.Null, LspErrorCodes.ParseError, $"parse error: the message is not valid JSON ({FirstSentence(ex.Message)})");
        }

        if (IsTooCostly(body.Length, tokens))
        {
            return TooLarge(body.Length, tokens);
        }

        if (notObject)
        {
            return Refuse(RequestId.Null, LspErrorCodes.InvalidRequest, "invalid request: a message must be a JSON object");
        }

        if (badId)
        {
            return Refuse(RequestId.Null, LspErrorCodes.InvalidRequest, "invalid request: \"id\" must be a number or a string");
        }

        var answerId = id.IsEmpty ? RequestId.Null : id;
        if (methodKind is { } kind)
        {
            if (kind != JsonTokenType.String || string.IsNullOrEmpty(method))
            {
                return Refuse(answerId, LspErrorCodes.InvalidRequest, "invalid request: \"method\" must be a non-empty string");
            }

            if (parameters is { } p && p.Kind is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.Null))
            {
                return Refuse(answerId, LspErrorCodes.InvalidRequest, "invalid request: \"params\" must be an object or an array");
            }

            // "params": null is read as no parameters.
            var arguments = parameters is { Kind: not JsonTokenType.Null } given ? given.Of(body) : (ReadOnlyMemory<byte>?)null;
            return (new IncomingMessage(id, method, version, options, arguments, argumentCount), null);
        }

        if (!id.IsEmpty && result is { } value)
        {
            return (new IncomingMessage(id, version, options, value.Of(body), null), null);
        }

        if (!id.IsEmpty && error is { } failure)
        {
            return (new IncomingMessage(id, version, options, null, failure.Of(body)), null);
        }

        return Refuse(answerId, LspErrorCodes.InvalidRequest, "invalid request: a message needs a \"method\" (request or notification) or a \"result\"/\"error\" (response)");
    }

    /// <summary>The parameters deserialized as <typeparamref name="T"/>, as a method taking them as its one parameter gets them; default when there are none.</summary>
    public T? ReadParameters<T>() => _arguments is { } json ? JsonSerializer.Deserialize(json.Span, (JsonTypeInfo<T>)_options.GetTypeInfo(typeof(T))) : default;

    /// <summary>The message as StreamJsonRpc reads it: a request, a result or an error.</summary>
    public JsonRpcMessage ToJsonRpc() =>
        Method is not null ? new Request(_arguments, _argumentCount, _options) { RequestId = Id, Method = Method, Version = _version }
        : _result is { } result ? new Result(result, _options) { RequestId = Id, Version = _version }
        : new JsonRpcError { RequestId = Id, Version = _version, Error = ReadError(_error ?? ReadOnlyMemory<byte>.Empty, _options) };

    /// <summary>What reading a message costs in memory, roughly: its bytes and its parsed structure.</summary>
    private static long Cost(long bytes, long tokens) => bytes + (tokens * TokenCost);

    private static bool IsTooCostly(long bytes, long tokens) => IsTooLarge(Cost(bytes, tokens));

    private static (IncomingMessage?, Refusal?) TooLarge(long bytes, long tokens) =>
        Refuse(RequestId.Null, LspErrorCodes.InvalidRequest, string.Create(
            CultureInfo.InvariantCulture,
            $"message refused: {bytes} bytes with {tokens}+ JSON tokens would take about {Cost(bytes, tokens)} bytes of memory to read, over the {MessageLimit} byte limit"));

    private static (IncomingMessage?, Refusal?) Refuse(RequestId id, int code, string message) => (null, new Refusal(id, code, message));

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message.TrimEnd('.');
    }

    /// <summary>An error response's detail: its code and message when they have those types (else 0 and none), its data kept as bytes.</summary>
    private static ErrorDetail ReadError(ReadOnlyMemory<byte> json, JsonSerializerOptions options)
    {
        var detail = new ErrorDetail(options);
        var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { MaxDepth = MaxDepth });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return detail;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var (isCode, isMessage, isData) = (reader.ValueTextEquals("code"u8), reader.ValueTextEquals("message"u8), reader.ValueTextEquals("data"u8));
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            if (isCode && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var code))
            {
                detail.Code = (JsonRpcErrorCode)code;
            }
            else if (isMessage && reader.TokenType == JsonTokenType.String)
            {
                detail.Message = reader.GetString();
            }

            reader.Skip();
            if (isData)
            {
                detail.JsonData = json[start..(int)reader.BytesConsumed];
            }
        }

        return detail;
    }

    /// <summary>
    /// Where the value of member <paramref name="name"/> (the last of that name) of a JSON object is, or element
    /// <paramref name="position"/> of an array; null when there is none.
    /// </summary>
    private static System.Range? FindMember(ReadOnlySpan<byte> json, string? name, int position)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        if (!reader.Read() || reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return null;
        }

        var isObject = reader.TokenType == JsonTokenType.StartObject;
        if ((isObject && name is null) || (!isObject && position < 0))
        {
            return null;
        }

        System.Range? found = null;
        var index = 0;
        while (reader.Read() && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
        {
            var wanted = !isObject && index++ == position;
            if (isObject)
            {
                wanted = reader.ValueTextEquals(name);
                reader.Read();
            }

            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (wanted)
            {
                found = start..(int)reader.BytesConsumed;
            }
        }

        return found;
    }

    /// <summary>Reads a value with the options' metadata for <paramref name="type"/>; NotSupportedException when they have none.</summary>
    private static object? Deserialize(ReadOnlyMemory<byte> json, Type type, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(json.Span, options.GetTypeInfo(type));

    /// <summary>A value's place in the body and its first token.</summary>
    private readonly record struct Slice(int Start, int Length, JsonTokenType Kind)
    {
        public ReadOnlyMemory<byte> Of(byte[] body) => body.AsMemory(Start, Length);
    }

    /// <summary>A request or notification whose parameters stay bytes until a method's parameter types are known.</summary>
    private sealed class Request(ReadOnlyMemory<byte>? arguments, int argumentCount, JsonSerializerOptions options) : JsonRpcRequest
    {
        public override int ArgumentCount => arguments is null ? 0 : argumentCount;

        public override ArgumentMatchResult TryGetTypedArguments(ReadOnlySpan<ParameterInfo> parameters, ReadOnlySpan<string?> parameterNames, Span<object?> typedArguments)
        {
            // [JsonRpcMethod(UseSingleObjectParameterDeserialization = true)]: the whole params object is the one parameter.
            if (parameters.Length == 1 && arguments is { } json
                && parameters[0].Member.GetCustomAttribute<JsonRpcMethodAttribute>() is { UseSingleObjectParameterDeserialization: true })
            {
                typedArguments[0] = Deserialize(json, parameters[0].ParameterType, options);
                return ArgumentMatchResult.Success;
            }

            return base.TryGetTypedArguments(parameters, parameterNames, typedArguments);
        }

        public override bool TryGetArgumentByNameOrIndex(string? name, int position, Type? typeHint, out object? value)
        {
            value = null;
            if (arguments is not { } json || FindMember(json.Span, name, position) is not { } at)
            {
                return false;
            }

            try
            {
                value = Deserialize(json[at], typeHint ?? typeof(object), options);
                return true;
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
            {
                throw new RpcArgumentDeserializationException(name, position, typeHint, ex);
            }
        }
    }

    /// <summary>A response to a request of the server's, its result deserialized when the expected type is known.</summary>
    private sealed class Result(ReadOnlyMemory<byte> json, JsonSerializerOptions options) : JsonRpcResult
    {
        private ReadOnlyMemory<byte>? _json = json;
        private Exception? _failure;

        public override T GetResult<T>()
        {
            if (_failure is not null)
            {
                ExceptionDispatchInfo.Throw(_failure);
            }

            return _json is { } pending ? (T)Deserialize(pending, typeof(T), options)! : (T)Result!;
        }

        protected override void SetExpectedResultType(Type resultType)
        {
            try
            {
                Result = Deserialize(_json ?? ReadOnlyMemory<byte>.Empty, resultType, options);
                _json = null;
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
            {
                // Thrown when the caller asks for the result, as StreamJsonRpc's own formatter does.
                _failure = new JsonException($"the result could not be read as {resultType.Name}: {ex.Message}", ex);
            }
        }
    }

    /// <summary>An error response's detail, its <c>data</c> deserialized when the expected type is known.</summary>
    private sealed class ErrorDetail(JsonSerializerOptions options) : JsonRpcError.ErrorDetail
    {
        public ReadOnlyMemory<byte>? JsonData { get; set; }

        public override object? GetData(Type dataType)
        {
            if (JsonData is not { } json)
            {
                return Data;
            }

            try
            {
                return Deserialize(json, dataType, options);
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException)
            {
                return null;
            }
        }

        protected override void SetExpectedDataType(Type dataType)
        {
            Data = GetData(dataType);
            JsonData = null;
        }
    }
}
