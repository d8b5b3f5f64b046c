using System.Text.Json;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Cli;

/// <summary>SARIF 2.1.0 for code-scanning annotations: one run, the rules in the driver, 1-based regions.</summary>
public static class SarifReport
{
    public static void Write(TextWriter writer, IReadOnlyList<CheckCommand.FileReport> reports, IReadOnlyList<AnalysisProblem> configProblems, Severity minSeverity)
    {
        var config = reports.Select(r => r.Result?.Config).FirstOrDefault(c => c is not null);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "policylsp");
            json.WriteString("version", Usage.Version);
            json.WriteString("semanticVersion", Usage.Version);
            json.WriteString("informationUri", RuleDocs.ShippedBase);
            json.WriteStartArray("rules");
            foreach (var rule in RuleDescriptor.All)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Code);
                json.WriteString("name", ToPascal(rule.Name));
                json.WriteStartObject("shortDescription");
                json.WriteString("text", rule.Title + ".");
                json.WriteEndObject();
                json.WriteStartObject("fullDescription");
                json.WriteString("text", rule.Description);
                json.WriteEndObject();
                json.WriteString("helpUri", RuleDocs.UriFor(rule, config));
                json.WriteStartObject("help");
                json.WriteString("text", $"{rule.Description} See {RuleDocs.UriFor(rule, config)}.");
                json.WriteEndObject();
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", Level(rule.DefaultSeverity));
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("artifacts");
            foreach (var report in reports)
            {
                json.WriteStartObject();
                WriteArtifact(json, report.Path);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("results");
            for (var index = 0; index < reports.Count; index++)
            {
                var report = reports[index];
                if (report.Result is not { } result)
                {
                    continue;
                }

                foreach (var finding in result.Findings.Where(f => f.Severity >= minSeverity))
                {
                    WriteResult(json, finding, report.Path, index, result.Source);
                }
            }

            json.WriteEndArray();

            json.WriteStartArray("invocations");
            json.WriteStartObject();
            var failed = configProblems.Count > 0 || reports.Any(r => r.Error is not null);
            json.WriteBoolean("executionSuccessful", !failed);
            json.WriteStartArray("toolExecutionNotifications");
            foreach (var report in reports.Where(r => r.Error is not null))
            {
                WriteNotification(json, $"{report.Path}: {report.Error}", report.Path);
            }

            foreach (var problem in configProblems)
            {
                WriteNotification(json, problem.Message, problem.File);
            }

            foreach (var report in reports.Where(r => r.Result is { OmittedFindings: > 0 }))
            {
                WriteNotification(json, $"{report.Path}: {CheckCommand.OmittedMessage(report.Result!)}", report.Path, "warning");
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteString("columnKind", "utf16CodeUnits");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        writer.Write(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        writer.WriteLine();
    }

    /// <summary>SARIF's level for a severity: information and hints are notes.</summary>
    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    private static void WriteResult(Utf8JsonWriter json, Finding finding, string path, int artifactIndex, SourceText source)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.Code);
        json.WriteNumber("ruleIndex", RuleIndex(finding.Rule));
        json.WriteString("level", Level(finding.Severity));
        json.WriteStartObject("message");
        json.WriteString("text", finding.Message.EndsWith('.') ? finding.Message : finding.Message + ".");
        json.WriteEndObject();
        json.WriteStartArray("locations");
        json.WriteStartObject();
        WritePhysical(json, path, artifactIndex, source, finding.Span);
        json.WriteEndObject();
        json.WriteEndArray();
        if (finding.Related.Count > 0)
        {
            json.WriteStartArray("relatedLocations");
            var id = 0;
            foreach (var related in finding.Related)
            {
                json.WriteStartObject();
                json.WriteNumber("id", id++);
                if (related.Uri is not null && related.Line is int line)
                {
                    WriteLine(json, related.Uri, line);
                }
                else if (related.Uri is not null)
                {
                    WritePhysical(json, related.Uri, -1, source, related.Span);
                }
                else
                {
                    WritePhysical(json, path, artifactIndex, source, related.Span);
                }

                json.WriteStartObject("message");
                json.WriteString("text", related.Message.EndsWith('.') ? related.Message : related.Message + ".");
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteStartObject("partialFingerprints");
        json.WriteString("clauseHash/v1", Fingerprint(finding, source));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WritePhysical(Utf8JsonWriter json, string path, int artifactIndex, SourceText source, TextSpan span)
    {
        var start = source.GetPosition(span.Start);
        var end = source.GetPosition(span.End);
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        WriteUri(json, path);
        if (artifactIndex >= 0)
        {
            json.WriteNumber("index", artifactIndex);
        }

        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", start.Line + 1);
        json.WriteNumber("startColumn", start.Character + 1);
        json.WriteNumber("endLine", end.Line + 1);
        json.WriteNumber("endColumn", end.Character + 1);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>A line of another document (an earlier version), whose text this report does not hold.</summary>
    private static void WriteLine(Utf8JsonWriter json, string path, int line)
    {
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        WriteUri(json, path);
        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", line + 1);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteArtifact(Utf8JsonWriter json, string path)
    {
        json.WriteStartObject("location");
        WriteUri(json, path);
        json.WriteEndObject();
    }

    private static void WriteUri(Utf8JsonWriter json, string path)
    {
        if (Path.IsPathRooted(path))
        {
            json.WriteString("uri", new Uri(path).AbsoluteUri);
        }
        else
        {
            json.WriteString("uri", Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal));
            json.WriteString("uriBaseId", "%SRCROOT%");
        }
    }

    private static void WriteNotification(Utf8JsonWriter json, string message, string? path, string level = "error")
    {
        json.WriteStartObject();
        json.WriteString("level", level);
        json.WriteStartObject("message");
        json.WriteString("text", message.EndsWith('.') ? message : message + ".");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static int RuleIndex(RuleDescriptor rule)
    {
        for (var i = 0; i < RuleDescriptor.All.Count; i++)
        {
            if (RuleDescriptor.All[i].Code == rule.Code)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Fingerprint(Finding finding, SourceText source)
    {
        var text = source.Slice(finding.Span);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(finding.Code + "\n" + text));
        return Convert.ToHexString(hash, 0, 16).ToLowerInvariant();
    }

    private static string ToPascal(string kebab) =>
        string.Concat(kebab.Split('-').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
}
