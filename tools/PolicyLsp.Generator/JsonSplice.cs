using System.Text;
using System.Text.Json;

namespace PolicyLsp.Generator;

/// <summary>
/// Replaces one property's value in a JSON file and leaves every other character as it was, so that the generated
/// part and the hand-written rest (and other people's edits to it) live in one file.
/// </summary>
public static class JsonSplice
{
    /// <summary>
    /// <paramref name="json"/> with the value at <paramref name="path"/> (property names from the root) replaced by
    /// <paramref name="render"/>'s text, which is given the indentation of the line the value starts on.
    /// </summary>
    public static string Replace(string json, IReadOnlyList<string> path, Func<string, string> render)
    {
        var (start, end) = ValueSpan(json, path);
        var lineStart = json.LastIndexOf('\n', start - 1) + 1;
        var indent = 0;
        while (json[lineStart + indent] == ' ')
        {
            indent++;
        }

        return string.Concat(json.AsSpan(0, start), render(new string(' ', indent)), json.AsSpan(end));
    }

    /// <summary>Where the value at <paramref name="path"/> starts and ends, in characters.</summary>
    public static (int Start, int End) ValueSpan(string json, IReadOnlyList<string> path)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("the file is not a JSON object");
        }

        for (var depth = 0; depth < path.Count; depth++)
        {
            var found = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == path[depth])
                {
                    found = true;
                    break;
                }

                reader.Skip();
            }

            if (!found)
            {
                throw new InvalidDataException($"no property {string.Join('.', path.Take(depth + 1))}");
            }

            if (depth < path.Count - 1 && reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidDataException($"{string.Join('.', path.Take(depth + 1))} is not an object");
            }
        }

        var startByte = (int)reader.TokenStartIndex;
        reader.Skip();
        var endByte = (int)reader.BytesConsumed;
        return (Encoding.UTF8.GetCharCount(utf8, 0, startByte), Encoding.UTF8.GetCharCount(utf8, 0, endByte));
    }
}
