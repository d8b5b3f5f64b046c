using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using StreamJsonRpc;

namespace PolicyLsp.Server;

/// <summary>
/// Reads and answers an <c>initialize</c> request that is the first message, before the JSON-RPC connection is set up
/// (setting up StreamJsonRpc and its first dispatch was most of the time from process start to the initialize result).
/// The parameters are read with the serializer settings of the connection and the result is the handler's, so the
/// answer is the one the connection would give. Anything this path does not take (another method, a notification, an
/// id or parameters of another shape, parameters that do not deserialize) goes the normal way, errors included.
/// </summary>
internal static class InitializeFastPath
{
    private const int MaxBytes = 1024 * 1024;

    private static readonly Lazy<JsonSerializerOptions> LazyOptions = new(CreateOptions);

    private static JsonSerializerOptions Options => LazyOptions.Value;

    /// <summary>The request id and parameters when <paramref name="body"/> (a well-formed JSON-RPC message) is an initialize request this path answers.</summary>
    public static (RequestId Id, InitializeParams Parameters)? TryRead(byte[] body)
    {
        // A large first message is parsed once, by the connection, rather than twice.
        if (body.Length > MaxBytes)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String || !method.ValueEquals("initialize")
                || !root.TryGetProperty("params", out var parameters) || parameters.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("id", out var idElement))
            {
                return null;
            }

            RequestId id;
            if (idElement.ValueKind == JsonValueKind.Number && idElement.TryGetInt64(out var number))
            {
                id = new RequestId(number);
            }
            else if (idElement.ValueKind == JsonValueKind.String)
            {
                id = new RequestId(idElement.GetString());
            }
            else
            {
                return null;
            }

            var read = parameters.Deserialize((JsonTypeInfo<InitializeParams>)Options.GetTypeInfo(typeof(InitializeParams)));
            return read is null ? null : (id, read);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            // The normal path reports the problem (invalid params) as it always did.
            return null;
        }
    }

    /// <summary>The framed response carrying <paramref name="result"/>.</summary>
    public static byte[] Result(RequestId id, InitializeResult result) => Frame(id, json =>
    {
        json.WritePropertyName("result");
        JsonSerializer.Serialize(json, result, (JsonTypeInfo<InitializeResult>)Options.GetTypeInfo(typeof(InitializeResult)));
    });

    /// <summary>The framed error response.</summary>
    public static byte[] Error(RequestId id, int code, string message) => Frame(id, json =>
    {
        json.WriteStartObject("error");
        json.WriteNumber("code", code);
        json.WriteString("message", message);
        json.WriteEndObject();
    });

    private static byte[] Frame(RequestId id, Action<Utf8JsonWriter> content)
    {
        var body = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("jsonrpc", "2.0");
            if (id.String is { } text)
            {
                json.WriteString("id", text);
            }
            else
            {
                json.WriteNumber("id", id.Number ?? 0);
            }

            content(json);
            json.WriteEndObject();
        }

        return [.. MessageFraming.Frame(body.WrittenCount), .. body.WrittenSpan];
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        LanguageServer.ConfigureSerializer(options);
        return options;
    }
}
