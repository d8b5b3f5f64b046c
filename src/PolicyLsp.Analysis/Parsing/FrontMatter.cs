using PolicyLsp.Analysis.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace PolicyLsp.Analysis.Parsing;

/// <summary>The YAML front matter of a document, as a tree of strings, lists and maps.</summary>
public sealed class FrontMatter
{
    /// <summary>Front matter longer than this (in UTF-16 units) is not read: it is metadata, not a data file.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Lists and maps nested deeper than this are refused before the YAML loader (which recurses) sees them.</summary>
    public const int MaxNesting = 64;

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
        if (yaml.Length > MaxLength)
        {
            return new FrontMatter(span, values, $"front matter is too large: {yaml.Length:N0} characters, at most {MaxLength:N0} are read");
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new NestingLimitedParser(new Parser(new StringReader(yaml))));
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
        catch (NestingExceededException ex)
        {
            return new FrontMatter(span, new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase),
                $"front matter is nested too deeply (line {ex.Line}): lists and maps may nest at most {MaxNesting} levels");
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

    /// <summary>Nesting past the bound, at a line of the document (the YAML starts on its second line).</summary>
    private sealed class NestingExceededException(long line) : Exception
    {
        public long Line { get; } = line;
    }

    /// <summary>
    /// YamlDotNet's parser is a state machine, but its loader recurses once per nested list or map: counting the
    /// parser's events refuses deep nesting before the loader descends, so a few kilobytes of "[[[[" cannot exhaust
    /// the stack (or, with the scanner's per-level work, take seconds).
    /// </summary>
    private sealed class NestingLimitedParser(IParser inner) : IParser
    {
        private int _depth;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!inner.MoveNext())
            {
                return false;
            }

            switch (inner.Current)
            {
                case SequenceStart or MappingStart:
                    if (++_depth > MaxNesting)
                    {
                        throw new NestingExceededException(inner.Current.Start.Line + 1);
                    }

                    break;
                case SequenceEnd or MappingEnd:
                    _depth--;
                    break;
            }

            return true;
        }
    }
}
