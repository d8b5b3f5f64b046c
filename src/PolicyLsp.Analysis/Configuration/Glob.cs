using System.Text;
using System.Text.RegularExpressions;

namespace PolicyLsp.Analysis.Configuration;

/// <summary>
/// Glob patterns with <c>**</c>, <c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[!abc]</c> and <c>{a,b}</c>, matched case-insensitively
/// against '/'-separated paths (the same answers as the editor extension: eval/policy-files.json holds the shared cases).
/// </summary>
public sealed class Glob
{
    /// <summary>Longest pattern accepted: globs come from shared configs and command lines.</summary>
    public const int MaxPatternLength = 1024;

    /// <summary>Most <c>{a,b}</c> alternatives and nested braces in one pattern (each costs the regex automaton states).</summary>
    public const int MaxAlternatives = 256;

    public const int MaxBraceDepth = 8;

    /// <summary>Patterns kept compiled at most (a few hundred KB each): settings may change any number of times.</summary>
    private const int MaxCompiled = 256;

    private readonly Regex _regex;

    /// <summary>Compiles a pattern; throws <see cref="ArgumentException"/> with the reason when it is not a valid glob.</summary>
    public Glob(string pattern)
    {
        if (Validate(pattern) is { } error)
        {
            throw new ArgumentException(error, nameof(pattern));
        }

        Pattern = pattern;
        try
        {
            _regex = new Regex("^" + Translate(pattern.Replace('\\', '/')) + "$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.NonBacktracking);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"invalid glob \"{Shorten(pattern)}\": {ex.Message}", nameof(pattern), ex);
        }
    }

    /// <summary>A compiled glob, or null with the reason.</summary>
    public static Glob? TryCreate(string pattern, out string? error)
    {
        try
        {
            error = null;
            return new Glob(pattern);
        }
        catch (ArgumentException ex)
        {
            error = ex.Message.Split(" (Parameter", 2)[0];
            return null;
        }
    }

    /// <summary>Why a pattern is refused before any regex is built (size, braces, character classes), or null.</summary>
    private static string? Validate(string pattern)
    {
        if (pattern.Length == 0)
        {
            return "empty glob";
        }

        if (pattern.Length > MaxPatternLength)
        {
            return $"glob of {pattern.Length} characters is over the {MaxPatternLength} character limit";
        }

        if (pattern.Any(char.IsControl))
        {
            return $"glob \"{Shorten(pattern)}\" contains control characters";
        }

        int depth = 0, alternatives = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '{':
                    if (++depth > MaxBraceDepth)
                    {
                        return $"glob \"{Shorten(pattern)}\" nests braces more than {MaxBraceDepth} deep";
                    }

                    break;
                case '}' when depth > 0:
                    depth--;
                    break;
                case ',' when depth > 0:
                    if (++alternatives > MaxAlternatives)
                    {
                        return $"glob \"{Shorten(pattern)}\" has more than {MaxAlternatives} {{a,b}} alternatives";
                    }

                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close > i + 1)
                    {
                        var set = pattern.AsSpan(i + 1, close - i - 1);
                        for (var k = 1; k + 1 < set.Length; k++)
                        {
                            if (set[k] == '-' && set[k - 1] > set[k + 1])
                            {
                                return $"glob \"{Shorten(pattern)}\" has a reversed range [{set[k - 1]}-{set[k + 1]}]";
                            }
                        }

                        i = close;
                    }

                    break;
            }
        }

        return null;
    }

    private static string Shorten(string pattern) => pattern.Length <= 60 ? pattern : pattern[..57] + "…";

    public string Pattern { get; }

    public static bool HasWildcards(string text) => text.IndexOfAny(['*', '?', '[', '{']) >= 0;

    /// <summary>Matches a relative path; a pattern without '/' also matches the file name alone.</summary>
    public bool IsMatch(string relativePath)
    {
        var path = relativePath.Replace('\\', '/').TrimStart('.', '/');
        return _regex.IsMatch(path) || (!Pattern.Contains('/') && _regex.IsMatch(Path.GetFileName(path)));
    }

    /// <summary>True when a valid pattern of the list matches (invalid ones were reported when the config was read).</summary>
    public static bool MatchesAny(IEnumerable<string> patterns, string relativePath) =>
        patterns.Any(p => Get(p, out _)?.IsMatch(relativePath) == true);

    /// <summary>
    /// The compiled pattern, or null with the reason. Each pattern's regex is built once — config reading, folder walks
    /// and workspace scans share it — in a bounded table (emptied when full), since every settings change may bring
    /// new patterns.
    /// </summary>
    public static Glob? Get(string pattern, out string? error)
    {
        if (!CompiledPatterns.TryGetValue(pattern, out var entry))
        {
            if (CompiledPatterns.Count >= MaxCompiled)
            {
                CompiledPatterns.Clear();
            }

            entry = (TryCreate(pattern, out var reason), reason);
            CompiledPatterns[pattern] = entry;
        }

        error = entry.Error;
        return entry.Glob;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Glob? Glob, string? Error)> CompiledPatterns = new(StringComparer.Ordinal);

    /// <summary>How many patterns are kept compiled now (for tests of the bound).</summary>
    internal static int CompiledCount => CompiledPatterns.Count;

    private static string Translate(string pattern)
    {
        var sb = new StringBuilder();
        var braces = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                        sb.Append("(?:.*/)?");
                    }
                    else
                    {
                        sb.Append(".*");
                    }

                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close > i + 1)
                    {
                        // "[!b]" is "anything but b", as in every shell and in the editor extension.
                        var set = pattern[(i + 1)..close].Replace("\\", "\\\\");
                        sb.Append('[').Append(set.StartsWith('!') ? "^" + set[1..] : set).Append(']');
                        i = close;
                    }
                    else
                    {
                        sb.Append("\\[");
                    }

                    break;
                case '{':
                    braces++;
                    sb.Append("(?:");
                    break;
                case '}' when braces > 0:
                    braces--;
                    sb.Append(')');
                    break;
                case ',' when braces > 0:
                    sb.Append('|');
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        sb.Append(')', braces);
        return sb.ToString();
    }
}
