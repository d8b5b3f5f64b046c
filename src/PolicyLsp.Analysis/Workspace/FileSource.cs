using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Analysis.Workspace;

/// <summary>
/// Where a workspace reads documents: the editor's open buffers over the disk (the server), or the disk alone (the
/// CLI). Reading the disk always goes through <see cref="DocumentReader"/>'s limits (regular files only, byte cap,
/// deadline).
/// </summary>
public interface IFileSource
{
    /// <summary>The open buffer of the file at this full path, or null when it is not open (then the disk is read).</summary>
    /// <remarks>One instance per buffer version, so the engine keeps one analysis of a linked buffer however many links name it.</remarks>
    LinkedDocument? OpenBuffer(string path);
}

/// <summary>The disk alone: nothing is open.</summary>
public sealed class DiskFiles : IFileSource
{
    public static readonly DiskFiles Instance = new();

    private DiskFiles()
    {
    }

    public LinkedDocument? OpenBuffer(string path) => null;
}

/// <summary>Open buffers, found by a function of the full path, over the disk.</summary>
public sealed class OverlayFiles(Func<string, LinkedDocument?> openBuffer) : IFileSource
{
    public LinkedDocument? OpenBuffer(string path) => openBuffer(path);
}

/// <summary>Reading a document's text through a source: its open buffer, else the file within the reader's limits.</summary>
public static class FileSourceExtensions
{
    public static bool TryRead(this IFileSource files, string path, out string text, out string? error)
    {
        if (files.OpenBuffer(path) is { } open)
        {
            text = open.Text;
            error = null;
            return true;
        }

        return DocumentReader.TryRead(path, out text, out error);
    }
}
