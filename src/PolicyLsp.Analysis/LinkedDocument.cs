using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Analysis;

/// <summary>Another policy a clause links to, as the front end found it: where it is (path or URI) and its text.</summary>
public sealed record LinkedDocument(string Location, string Text);

/// <summary>Resolves a Markdown link target (as written, e.g. "eu-notice.md#ai") to a document, or null.</summary>
public delegate LinkedDocument? LinkedDocumentResolver(string linkTarget);

/// <summary>
/// Links to local files, the way the CLI and the server both follow them. A link in a shared repository is untrusted:
/// it is followed only to a regular Markdown file whose real path (every link resolved) lies inside one of the allowed
/// roots — the workspace folders, or the folders checked — and the file is read with <see cref="DocumentReader"/>'s
/// limits. An unchanged file is read once and answered with the same <see cref="LinkedDocument"/> instance, so the
/// engine can keep one analysis of it however many links point there.
/// </summary>
internal static class LinkedFiles
{
    /// <summary>Longest link target followed.</summary>
    public const int MaxTargetLength = 2048;

    /// <summary>Linked files kept in memory between analyses, and their total text.</summary>
    private const int MaxCachedFiles = 64;
    private const long MaxCachedChars = 4L * 1024 * 1024;

    private static readonly Dictionary<string, CachedFile> Cache = new(StringComparer.Ordinal);
    private static long _cachedChars;

    /// <summary>How many times a linked file was read from disk (for tests of the cache).</summary>
    internal static int Reads;

    /// <summary>
    /// Follows links relative to the file at <paramref name="documentPath"/> (a "#fragment", a "?query" and %-escapes
    /// are allowed) to files under <paramref name="roots"/>; <paramref name="name"/> turns the linked file's full path
    /// into the location reported. With no roots, the document's own folder is the root.
    /// </summary>
    /// <param name="openBuffer">
    /// The editor's unsaved text of a file, by full path, read before the disk (the server's open buffers); the same
    /// root check applies to it.
    /// </param>
    /// <param name="visited">Told the location of every local file a link names, followed or not (a dependency).</param>
    public static LinkedDocumentResolver From(
        string documentPath,
        Func<string, string> name,
        IReadOnlyList<string> roots,
        Func<string, LinkedDocument?>? openBuffer = null,
        Action<string>? visited = null)
    {
        var folder = Folder(documentPath);
        var realRoots = (roots.Count > 0 ? roots : folder is null ? [] : [folder])
            .Select(FileProbe.RealPath)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return target =>
        {
            if (folder is null || realRoots.Length == 0 || TargetPath(folder, target) is not { } path)
            {
                return null;
            }

            visited?.Invoke(name(path));
            return openBuffer is not null && OpenBuffer(path, realRoots, openBuffer) is { } open
                ? open
                : Resolve(path, realRoots, name);
        };
    }

    /// <summary>The local file a link target names, relative to <paramref name="folder"/>, or null when it is not a plain local path.</summary>
    public static string? TargetPath(string folder, string target)
    {
        if (target.Length == 0 || target.Length > MaxTargetLength)
        {
            return null;
        }

        var cut = target.IndexOfAny(['#', '?']);
        var relative = cut >= 0 ? target[..cut] : target;
        try
        {
            relative = Uri.UnescapeDataString(relative);
        }
        catch (UriFormatException)
        {
            return null;
        }

        if (relative.Length == 0 || relative.Any(char.IsControl))
        {
            return null;
        }

        try
        {
            return Path.GetFullPath(Path.Combine(folder, relative));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    /// <summary>
    /// An open buffer's text for <paramref name="path"/>, when the file (or, for a file not saved yet, its folder) lies
    /// inside the roots once every link is resolved.
    /// </summary>
    private static LinkedDocument? OpenBuffer(string path, string[] roots, Func<string, LinkedDocument?> openBuffer)
    {
        var real = FileProbe.RealPath(path)
            ?? (Path.GetDirectoryName(path) is { } parent && FileProbe.RealPath(parent) is { } realParent
                ? Path.Combine(realParent, Path.GetFileName(path))
                : null);
        return real is not null && roots.Any(root => FileProbe.IsUnder(real, root)) ? openBuffer(path) : null;
    }

    private static LinkedDocument? Resolve(string path, string[] roots, Func<string, string> name)
    {
        if (FileProbe.RealPath(path) is not { } real || !roots.Any(root => FileProbe.IsUnder(real, root)))
        {
            return null;
        }

        var status = FileProbe.Stat(real);
        if (status.Kind != FileKind.Regular)
        {
            return null;
        }

        var location = name(path);
        var key = location + "\n" + real;
        lock (Cache)
        {
            if (Cache.TryGetValue(key, out var cached) && cached.Size == status.Size && cached.Modified == status.ModifiedTicks)
            {
                return cached.Document;
            }
        }

        Interlocked.Increment(ref Reads);
        if (!DocumentReader.TryRead(real, out var text, out _))
        {
            return null;
        }

        var document = new LinkedDocument(location, text);
        lock (Cache)
        {
            if (Cache.Remove(key, out var old))
            {
                _cachedChars -= old.Document.Text.Length;
            }

            if (Cache.Count >= MaxCachedFiles || _cachedChars + text.Length > MaxCachedChars)
            {
                Cache.Clear();
                _cachedChars = 0;
            }

            Cache[key] = new CachedFile(document, status.Size, status.ModifiedTicks);
            _cachedChars += text.Length;
        }

        return document;
    }

    private static string? Folder(string documentPath)
    {
        try
        {
            return Path.GetDirectoryName(Path.GetFullPath(documentPath));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    private sealed record CachedFile(LinkedDocument Document, long Size, long Modified);
}
