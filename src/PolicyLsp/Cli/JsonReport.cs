using System.Text.Json;
using PolicyLsp.Analysis;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Cli;

/// <summary>The machine-readable report: one entry per file, 1-based lines and columns (UTF-16 code units).</summary>
public static class JsonReport
{
    public static void Write(TextWriter writer, IReadOnlyList<CheckCommand.FileReport> reports, IReadOnlyList<AnalysisProblem> configProblems, Severity minSeverity)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", 1);
            json.WriteString("tool", Usage.Tool);
            json.WriteStartArray("files");
            var total = 0;
            foreach (var report in reports)
            {
                json.WriteStartObject();
                json.WriteString("path", report.Path);
                if (report.Error is not null)
                {
                    json.WriteString("error", report.Error);
                }
                else
                {
                    var result = report.Result!;
                    json.WriteStartArray("findings");
                    foreach (var finding in result.Findings.Where(f => f.Severity >= minSeverity))
                    {
                        total++;
                        WriteFinding(json, finding, result);
                    }

                    json.WriteEndArray();
                    json.WriteNumber("omittedFindings", result.OmittedFindings);
                    json.WriteStartArray("problems");
                    foreach (var problem in result.Problems)
                    {
                        json.WriteStringValue(problem.Message);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("configProblems");
            foreach (var problem in configProblems)
            {
                json.WriteStartObject();
                json.WriteString("file", problem.File);
                json.WriteNumber("line", problem.Line ?? 1);
                json.WriteString("message", problem.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("findingCount", total);
            json.WriteEndObject();
        }

        writer.Write(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        writer.WriteLine();
    }

    private static void WriteFinding(Utf8JsonWriter json, Finding finding, AnalysisResult result)
    {
        var source = result.Source;
        json.WriteStartObject();
        json.WriteString("code", finding.Code);
        json.WriteString("name", finding.Rule.Name);
        json.WriteString("severity", finding.Severity.ToName());
        json.WriteString("message", finding.Message);
        WriteRange(json, "range", source, finding.Span);
        json.WriteString("helpUri", RuleDocs.UriFor(finding.Rule, result.Config));
        json.WriteString("family", finding.Details.Family);
        WriteStrings(json, "triggers", finding.Details.Triggers);
        WriteStrings(json, "regionsFound", finding.Details.RegionsFound);
        WriteStrings(json, "regionsMissing", finding.Details.RegionsMissing);
        if (finding.Details.ReadabilityGrade is { } grade)
        {
            json.WriteNumber("readabilityGrade", grade);
        }

        json.WriteStartArray("related");
        foreach (var related in finding.Related)
        {
            json.WriteStartObject();
            json.WriteString("message", related.Message);
            if (related.Uri is not null)
            {
                json.WriteString("document", related.Uri);
            }

            WriteRange(json, "range", source, related.Span);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("fixes");
        foreach (var fix in finding.Fixes)
        {
            json.WriteStartObject();
            json.WriteString("title", fix.Title);
            json.WriteString("kind", fix.Kind);
            json.WriteStartArray("insertions");
            foreach (var insertion in fix.Insertions)
            {
                var at = source.GetPosition(insertion.Offset);
                json.WriteStartObject();
                json.WriteNumber("line", at.Line + 1);
                json.WriteNumber("column", at.Character + 1);
                json.WriteString("text", insertion.NewText);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRange(Utf8JsonWriter json, string name, SourceText source, TextSpan span)
    {
        var start = source.GetPosition(span.Start);
        var end = source.GetPosition(span.End);
        json.WriteStartObject(name);
        json.WriteNumber("startLine", start.Line + 1);
        json.WriteNumber("startColumn", start.Character + 1);
        json.WriteNumber("endLine", end.Line + 1);
        json.WriteNumber("endColumn", end.Character + 1);
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
