using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Analysis;

/// <summary>Another policy a clause links to, as the front end found it: where it is (path or URI) and its text.</summary>
public sealed record LinkedDocument(string Location, string Text);

/// <summary>Resolves a Markdown link target (as written, e.g. "eu-notice.md#ai") to a document, or null.</summary>
public delegate LinkedDocument? LinkedDocumentResolver(string linkTarget);

/// <summary>Links to local files, the way the CLI and the server both follow them.</summary>
public static class LinkedFiles
{
    /// <summary>
    /// Follows links relative to the file at <paramref name="documentPath"/> (a "#fragment" and %-escapes are
    /// allowed); <paramref name="name"/> turns the linked file's full path into the location reported.
    /// </summary>
    public static LinkedDocumentResolver From(string documentPath, Func<string, string> name) => target =>
    {
        var relative = Uri.UnescapeDataString(target.Split('#', 2)[0]);
        var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(documentPath)) ?? ".", relative));
        return File.Exists(path) && DocumentReader.TryRead(path, out var text, out _) ? new LinkedDocument(name(path), text) : null;
    };
}
