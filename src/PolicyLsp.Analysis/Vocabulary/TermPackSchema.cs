using System.Text.Json;
using System.Text.RegularExpressions;

namespace PolicyLsp.Analysis.Vocabulary;

/// <summary>
/// schemas/term-pack.schema.json (embedded), and the check of a pack against it when the pack loads. It reads the
/// keywords that schema uses (type, enum, pattern, minLength, minItems, items, required, properties,
/// additionalProperties: false, $ref into $defs), so the schema stays the one list of sets and fields.
/// </summary>
internal static class TermPackSchema
{
    private const string ResourceName = "PolicyLsp.Analysis.Schemas.term-pack.schema.json";

    private static readonly Lazy<JsonElement> Root = new(() =>
    {
        using var stream = typeof(TermPackSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"missing embedded resource {ResourceName}");
        using var schema = JsonDocument.Parse(stream);
        return schema.RootElement.Clone();
    });

    /// <summary>The set names every pack must have, in the schema's order (the code reads each of them).</summary>
    public static IReadOnlyList<string> SetNames { get; } =
        Root.Value.GetProperty("properties").GetProperty("sets").GetProperty("required").EnumerateArray().Select(n => n.GetString()!).ToList();

    /// <summary>Throws <see cref="InvalidDataException"/> naming the pack and the first entry that does not conform.</summary>
    public static void Validate(JsonElement pack, string packName)
    {
        if (Check(pack, Root.Value, "") is { } problem)
        {
            throw new InvalidDataException($"term pack {packName}: {problem} (see schemas/term-pack.schema.json)");
        }
    }

    private static string? Check(JsonElement value, JsonElement schema, string path)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = Resolve(reference.GetString()!);
        }

        var at = path.Length == 0 ? "the pack" : path;
        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.ValueKind == value.ValueKind && a.ToString() == value.ToString()))
        {
            return $"{at} must be one of {string.Join(", ", allowed.EnumerateArray().Select(a => $"\"{a}\""))}, not {Shown(value)}";
        }

        if (schema.TryGetProperty("type", out var type) && !HasType(value, type.GetString()!))
        {
            return $"{at} must be {Article(type.GetString()!)}, not {Shown(value)}";
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (schema.TryGetProperty("minLength", out var minLength) && text.Length < minLength.GetInt32())
                {
                    return $"{at} must not be empty";
                }

                if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!, RegexOptions.CultureInvariant))
                {
                    return $"{at} \"{text}\" does not match {pattern.GetString()}";
                }

                return null;

            case JsonValueKind.Array:
                if (schema.TryGetProperty("minItems", out var minItems) && value.GetArrayLength() < minItems.GetInt32())
                {
                    return $"{at} must have at least {minItems.GetInt32()} entry";
                }

                if (schema.TryGetProperty("items", out var items))
                {
                    var i = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        if (Check(item, items, $"{path}[{i++}]") is { } problem)
                        {
                            return problem;
                        }
                    }
                }

                return null;

            case JsonValueKind.Object:
                return CheckObject(value, schema, path);

            default:
                return null;
        }
    }

    private static string? CheckObject(JsonElement value, JsonElement schema, string path)
    {
        // A set is named as the code names it ("optin.optOut"), any other entry by its path ("grammar.articles").
        var what = path == "sets" ? "set" : "entry";
        var prefix = path.Length == 0 || what == "set" ? "" : path + ".";
        schema.TryGetProperty("properties", out var properties);
        foreach (var property in value.EnumerateObject())
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                if (Check(property.Value, propertySchema, path.Length == 0 ? property.Name : $"{path}.{property.Name}") is { } problem)
                {
                    return problem;
                }
            }
            else if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False)
            {
                var known = properties.ValueKind == JsonValueKind.Object ? properties.EnumerateObject().Select(p => p.Name).ToList() : [];
                var near = known.OrderBy(k => Distance(k, property.Name)).FirstOrDefault();
                var hint = near is not null && Distance(near, property.Name) <= 3 ? $" (did you mean \"{prefix}{near}\"?)" : "";
                return $"unknown {what} \"{prefix}{property.Name}\"{hint}";
            }
        }

        // After the unknown names, so that a misspelt set is named as such rather than as the one it misses.
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(n => n.GetString()!))
            {
                if (!value.TryGetProperty(name, out _))
                {
                    return $"the required {what} \"{prefix}{name}\" is missing";
                }
            }
        }

        return null;
    }

    private static JsonElement Resolve(string reference)
    {
        const string Defs = "#/$defs/";
        if (!reference.StartsWith(Defs, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"term-pack schema: unsupported $ref {reference}");
        }

        return Root.Value.GetProperty("$defs").GetProperty(reference[Defs.Length..]);
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "number" => value.ValueKind == JsonValueKind.Number,
        _ => throw new InvalidOperationException($"term-pack schema: unsupported type {type}"),
    };

    private static string Article(string type) => type is "object" or "array" ? $"an {type}" : $"a {type}";

    private static string Shown(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{value.GetString()}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };

    /// <summary>Edit distance, to name the set a misspelt one was meant to be.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
