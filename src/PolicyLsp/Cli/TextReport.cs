using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Cli;

/// <summary>Compiler-style lines: <c>path:line:col: warning PL101: message [rule-name]</c>.</summary>
public static class TextReport
{
    public static void Write(TextWriter writer, IEnumerable<CheckCommand.FileReport> reports, Severity minSeverity)
    {
        foreach (var report in reports)
        {
            if (report.Result is not { } result)
            {
                continue;
            }

            foreach (var finding in result.Findings)
            {
                if (finding.Severity < minSeverity)
                {
                    continue;
                }

                var position = result.Source.GetPosition(finding.Span.Start);
                writer.WriteLine($"{CheckCommand.Escape(report.Path)}:{position.Line + 1}:{position.Character + 1}: {finding.Severity.ToName()} {finding.Code}: {finding.Message} [{finding.Rule.Name}]");
            }
        }
    }
}
