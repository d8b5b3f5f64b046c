using PolicyLsp.Analysis.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PolicyLsp.Analysis.Parsing;

/// <summary>The YAML front matter of a document, as a tree of strings, lists and maps.</summary>
public sealed class FrontMatter
{
    public static readonly FrontMatter None = new(null, new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase), null);

    private FrontMatter(TextSpan? span, IReadOnlyDictionary<string, object> values, string? error)
    {
        Span = span;
        Values = values;
        Error = error;
    }

    public TextSpan? Span { get; }

    /// <summary>Top-level keys, case-insensitive. Values are string, List&lt;object&gt; or Dictionary&lt;string, object&gt;.</summary>
    public IReadOnlyDictionary<string, object> Values { get; }

    /// <summary>Why the YAML could not be read, if it could not.</summary>
    public string? Error { get; }

    public string? GetString(params string[] keys)
    {
        foreach (var key in keys)
        {
            if (Values.TryGetValue(key, out var value) && value is string s)
            {
                return s;
            }
        }

        return null;
    }

    public IReadOnlyList<string> GetStrings(params string[] keys)
    {
        foreach (var key in keys)
        {
            if (Values.TryGetValue(key, out var value))
            {
                return value switch
                {
                    string s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    List<object> list => list.OfType<string>().ToList(),
                    _ => [],
                };
            }
        }

        return [];
    }

    /// <summary>Reads front matter fenced by '---' lines at the very start; an unterminated fence is not front matter.</summary>
    internal static FrontMatter Read(string text, out int bodyStart)
    {
        bodyStart = 0;
        if (!text.StartsWith("---", StringComparison.Ordinal))
        {
            return None;
        }

        var firstLineEnd = text.IndexOf('\n');
        if (firstLineEnd < 0 || text[..firstLineEnd].TrimEnd('\r').Trim() != "---")
        {
            return None;
        }

        var pos = firstLineEnd + 1;
        while (pos <= text.Length)
        {
            var lineEnd = text.IndexOf('\n', pos);
            var line = (lineEnd < 0 ? text[pos..] : text[pos..lineEnd]).TrimEnd('\r');
            if (line.TrimEnd() is "---" or "...")
            {
                var yaml = text[(firstLineEnd + 1)..pos];
                bodyStart = lineEnd < 0 ? text.Length : lineEnd + 1;
                var span = new TextSpan(0, bodyStart);
                return Parse(yaml, span);
            }

            if (lineEnd < 0)
            {
                break;
            }

            pos = lineEnd + 1;
        }

        return None;
    }

    private static FrontMatter Parse(string yaml, TextSpan span)
    {
        var values = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode mapping)
            {
                var budget = new Budget();
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: { } name })
                    {
                        values[name] = Convert(value, 0, budget);
                    }
                }
            }

            return new FrontMatter(span, values, null);
        }
        catch (BudgetExceededException)
        {
            return new FrontMatter(span, new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase),
                $"front matter is too large: its aliases expand to more than {Budget.MaxValues:N0} values");
        }
        catch (YamlException ex)
        {
            return new FrontMatter(span, values, $"front matter is not valid YAML (line {ex.Start.Line + 1}): {ex.Message}");
        }
    }

    private static object Convert(YamlNode node, int depth, Budget budget)
    {
        // An alias is the node it names, so "b: [*a, *a, …]" nests copies: count every value converted, so a few
        // hundred bytes of aliases cannot expand into millions of values.
        if (++budget.Values > Budget.MaxValues)
        {
            throw new BudgetExceededException();
        }

        if (depth > 16)
        {
            return string.Empty;
        }

        return node switch
        {
            YamlScalarNode scalar => scalar.Value ?? string.Empty,
            YamlSequenceNode sequence => sequence.Children.Select(c => Convert(c, depth + 1, budget)).ToList(),
            YamlMappingNode map => map.Children
                .Where(kv => kv.Key is YamlScalarNode { Value: not null })
                .GroupBy(kv => ((YamlScalarNode)kv.Key).Value!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => Convert(g.First().Value, depth + 1, budget), StringComparer.OrdinalIgnoreCase),
            _ => string.Empty,
        };
    }

    private sealed class Budget
    {
        public const int MaxValues = 10_000;

        public int Values { get; set; }
    }

    private sealed class BudgetExceededException : Exception;
}
