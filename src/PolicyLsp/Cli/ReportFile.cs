using System.Text;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Cli;

/// <summary>
/// Writes <c>check --output</c>: never over one of the checked files, never half-written. The report goes to a
/// temporary file beside the target, which then replaces it in one rename (a link planted at the target is replaced,
/// not written through). A FIFO or device named on purpose (<c>-o /dev/stdout</c>) is written directly.
/// </summary>
public static class ReportFile
{
    /// <summary>
    /// A findings report in <paramref name="format"/> (<c>json</c>, <c>sarif</c>, else text) to <paramref name="output"/>,
    /// or to <paramref name="stdout"/> when it is null; why it could not be written, or null. A command with a format of its
    /// own (diff's <c>markdown</c>) passes the writer of that format as <paramref name="ownFormat"/> when it is asked for.
    /// </summary>
    internal static string? WriteReport(
        string? output,
        TextWriter stdout,
        string format,
        IReadOnlyList<CheckCommand.FileReport> reports,
        IReadOnlyList<Analysis.Findings.AnalysisProblem> problems,
        Analysis.Findings.Severity minSeverity,
        Action<TextWriter>? ownFormat = null)
    {
        void WriteTo(TextWriter writer)
        {
            if (ownFormat is not null)
            {
                ownFormat(writer);
                return;
            }

            switch (format)
            {
                case "json":
                    JsonReport.Write(writer, reports, problems, minSeverity);
                    break;
                case "sarif":
                    SarifReport.Write(writer, reports, problems, minSeverity);
                    break;
                default:
                    TextReport.Write(writer, reports, minSeverity);
                    break;
            }
        }

        if (output is null)
        {
            WriteTo(stdout);
            return null;
        }

        return Write(output, WriteTo);
    }

    /// <summary>Why the report cannot go to <paramref name="output"/>, checked before anything is analysed; null when it can.</summary>
    public static string? Refuse(string output, IEnumerable<string> inputs)
    {
        string full;
        try
        {
            full = Path.GetFullPath(output);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"cannot write the report to {output}: {ex.Message}";
        }

        if (Directory.Exists(full))
        {
            return $"cannot write the report to {output}: it is a folder";
        }

        var folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
        {
            return $"cannot write the report to {output}: folder {folder ?? output} does not exist";
        }

        var target = FileProbe.RealPath(full) ?? full;
        foreach (var input in inputs)
        {
            if (input == "-")
            {
                continue;
            }

            if (FileProbe.RealPath(input) is { } real && string.Equals(real, target, StringComparison.Ordinal))
            {
                return $"refusing to write the report over {output}, which is one of the files checked";
            }
        }

        return null;
    }

    /// <summary>Writes the report; null when done, else why it failed (the target is then left as it was).</summary>
    public static string? Write(string output, Action<TextWriter> write)
    {
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var status = FileProbe.Stat(output);
        if (status.Kind is FileKind.Fifo or FileKind.CharacterDevice)
        {
            return Attempt(output, () =>
            {
                using var device = new StreamWriter(new FileStream(output, FileMode.Open, FileAccess.Write), encoding);
                write(device);
            });
        }

        var full = Path.GetFullPath(output);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var error = Attempt(output, () =>
        {
            using (var file = new StreamWriter(new FileStream(temporary, FileMode.CreateNew, FileAccess.Write), encoding))
            {
                write(file);
            }

            File.Move(temporary, full, overwrite: true);
        });
        if (error is not null)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The temporary file stays; the error already names the target.
            }
        }

        return error;
    }

    private static string? Attempt(string output, Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"cannot write the report to {output}: {ex.Message}";
        }
    }
}
