using System.Text;
using System.Text.RegularExpressions;

namespace PolicyLsp.Analysis.Configuration;

/// <summary>Glob patterns with <c>**</c>, <c>*</c>, <c>?</c>, <c>[abc]</c> and <c>{a,b}</c>, matched against '/'-separated paths.</summary>
public sealed class Glob
{
    private readonly Regex _regex;

    public Glob(string pattern)
    {
        Pattern = pattern;
        _regex = new Regex("^" + Translate(pattern.Replace('\\', '/')) + "$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }

    public string Pattern { get; }

    public static bool HasWildcards(string text) => text.IndexOfAny(['*', '?', '[', '{']) >= 0;

    /// <summary>Matches a relative path; a pattern without '/' also matches the file name alone.</summary>
    public bool IsMatch(string relativePath)
    {
        var path = relativePath.Replace('\\', '/').TrimStart('.', '/');
        return _regex.IsMatch(path) || (!Pattern.Contains('/') && _regex.IsMatch(Path.GetFileName(path)));
    }

    public static bool MatchesAny(IEnumerable<string> patterns, string relativePath) =>
        patterns.Any(p => Compiled.GetOrAdd(p, pattern => new Glob(pattern)).IsMatch(relativePath));

    /// <summary>Each pattern's regex is built once: folder walks and workspace scans test every file against every pattern.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Glob> Compiled = new(StringComparer.Ordinal);

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
                        sb.Append('[').Append(pattern[(i + 1)..close].Replace("\\", "\\\\")).Append(']');
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
