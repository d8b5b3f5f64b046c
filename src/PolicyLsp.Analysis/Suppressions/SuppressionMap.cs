using System.Text.RegularExpressions;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Parsing;

namespace PolicyLsp.Analysis.Suppressions;

/// <summary>
/// Inline suppression comments: <c>policylsp-disable-next-line [codes]</c>, <c>policylsp-disable [codes]</c> …
/// <c>policylsp-enable [codes]</c>, and <c>policylsp-disable-file [codes]</c>. No code means every rule.
/// </summary>
internal sealed class SuppressionMap
{
    private static readonly Regex Directive = new(
        "^<!--\\s*policylsp-(disable-next-line|disable-line|disable-file|disable|enable)\\b([^>]*?)-*>?$",
        RegexOptions.CultureInvariant | RegexOptions.Singleline);

    private readonly List<(int Line, string? Code)> _lines = [];
    private readonly List<(int FromLine, int ToLine, string? Code)> _ranges = [];
    private readonly HashSet<string?> _file = [];

    public SuppressionMap(PolicyDocument document)
    {
        var open = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        const string All = "*";
        var source = document.Source;
        foreach (var comment in document.Comments.OrderBy(c => c.Span.Start))
        {
            var match = Directive.Match(comment.Content.Trim());
            if (!match.Success)
            {
                continue;
            }

            var codes = match.Groups[2].Value
                .Split([' ', ',', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
                .Select(c => RuleDescriptor.Find(c)?.Code ?? c.ToUpperInvariant())
                .ToList();
            var startLine = source.GetPosition(comment.Span.Start).Line;
            var endLine = source.GetPosition(Math.Max(comment.Span.Start, comment.Span.End - 1)).Line;
            IEnumerable<string?> targets = codes.Count == 0 ? new string?[] { null } : codes;
            switch (match.Groups[1].Value)
            {
                case "disable-next-line":
                    foreach (var code in targets)
                    {
                        _lines.Add((endLine + 1, code));
                    }

                    break;
                case "disable-line":
                    foreach (var code in targets)
                    {
                        _lines.Add((startLine, code));
                    }

                    break;
                case "disable-file":
                    foreach (var code in targets)
                    {
                        _file.Add(code);
                    }

                    break;
                case "disable":
                    foreach (var code in targets)
                    {
                        open.TryAdd(code ?? All, endLine);
                    }

                    break;
                case "enable":
                    var closing = codes.Count == 0 ? open.Keys.ToList() : codes;
                    foreach (var code in closing)
                    {
                        if (open.Remove(code, out var from))
                        {
                            _ranges.Add((from, startLine, code == All ? null : code));
                        }
                    }

                    break;
            }
        }

        foreach (var (code, from) in open)
        {
            _ranges.Add((from, int.MaxValue, code == All ? null : code));
        }
    }

    public bool IsSuppressed(string code, int line)
    {
        if (_file.Contains(null) || _file.Contains(code))
        {
            return true;
        }

        foreach (var (l, c) in _lines)
        {
            if (l == line && (c is null || c == code))
            {
                return true;
            }
        }

        foreach (var (from, to, c) in _ranges)
        {
            if (line > from && line < to && (c is null || c == code))
            {
                return true;
            }
        }

        return false;
    }
}
