using System.Runtime.InteropServices;

namespace PolicyLsp.Analysis.Text;

/// <summary>What a path names, as the file system says without opening it.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    Other,
}

/// <summary>The kind, size, owner and change stamp of a path (the owner is known on Linux only).</summary>
public readonly record struct FileStatus(FileKind Kind, long Size, uint? Owner, long ModifiedTicks)
{
    public static FileStatus Missing { get; } = new(FileKind.Missing, 0, null, 0);

    /// <summary>"FIFO", "character device", … — for messages saying why a path was refused.</summary>
    public string Describe() => Kind switch
    {
        FileKind.Missing => "missing",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a folder",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Fifo => "a named pipe",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        _ => "not a regular file",
    };
}

/// <summary>
/// Asks the file system what a path is before anything opens it: opening a FIFO blocks until a writer comes, and a
/// device such as <c>/dev/zero</c> reports a length of 0 and never ends. On Linux this is <c>statx(2)</c> (one
/// layout on every architecture); elsewhere it is what <see cref="FileInfo"/> can tell.
/// </summary>
public static partial class FileProbe
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxSize = 256;

    /// <summary>The status of <paramref name="path"/>; with <paramref name="followLinks"/> false a link is reported as a link.</summary>
    public static FileStatus Stat(string path, bool followLinks = true)
    {
        if (string.IsNullOrEmpty(path) || path.Contains('\0'))
        {
            return FileStatus.Missing;
        }

        return OperatingSystem.IsLinux() ? StatLinux(path, followLinks) : StatManaged(path, followLinks);
    }

    private static unsafe FileStatus StatLinux(string path, bool followLinks)
    {
        var buffer = stackalloc byte[StatxSize];
        int result;
        try
        {
            result = Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, buffer);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return StatManaged(path, followLinks);
        }

        if (result != 0)
        {
            return FileStatus.Missing;
        }

        var uid = *(uint*)(buffer + 20);
        var mode = *(ushort*)(buffer + 28);
        var size = *(long*)(buffer + 40);
        var mtimeSeconds = *(long*)(buffer + 112);
        var mtimeNanos = *(uint*)(buffer + 120);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Other,
        };
        return new FileStatus(kind, size, uid, (mtimeSeconds * TimeSpan.TicksPerSecond) + (mtimeNanos / 100));
    }

    private static FileStatus StatManaged(string path, bool followLinks)
    {
        try
        {
            FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
            if (!info.Exists)
            {
                return FileStatus.Missing;
            }

            if (info.LinkTarget is not null)
            {
                if (!followLinks)
                {
                    return new FileStatus(FileKind.SymbolicLink, 0, null, info.LastWriteTimeUtc.Ticks);
                }

                info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
                if (!info.Exists)
                {
                    return FileStatus.Missing;
                }
            }

            return info is FileInfo file
                ? new FileStatus(file.Attributes.HasFlag(FileAttributes.Device) ? FileKind.Other : FileKind.Regular, file.Length, null, file.LastWriteTimeUtc.Ticks)
                : new FileStatus(FileKind.Directory, 0, null, info.LastWriteTimeUtc.Ticks);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return FileStatus.Missing;
        }
    }

    /// <summary>
    /// The canonical absolute path with every link resolved (the kernel's answer on Linux, so links in any folder of the
    /// path count), or null when the path does not exist, loops or is invalid.
    /// </summary>
    public static string? RealPath(string path)
    {
        if (string.IsNullOrEmpty(path) || path.Contains('\0'))
        {
            return null;
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }

        if (OperatingSystem.IsLinux())
        {
            try
            {
                var resolved = RealPathNative(full, IntPtr.Zero);
                if (resolved == IntPtr.Zero)
                {
                    return null;
                }

                try
                {
                    return Marshal.PtrToStringUTF8(resolved);
                }
                finally
                {
                    Free(resolved);
                }
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // Fall through to the managed answer.
            }
        }

        try
        {
            FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
            return info.Exists ? (info.ResolveLinkTarget(returnFinalTarget: true) ?? info).FullName : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or lies under it (both canonical).</summary>
    public static bool IsUnder(string path, string root)
    {
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var trimmed = Path.TrimEndingDirectorySeparator(root);
        return path.Equals(trimmed, comparison)
            || (path.StartsWith(trimmed, comparison) && path.Length > trimmed.Length
                && (path[trimmed.Length] == Path.DirectorySeparatorChar || path[trimmed.Length] == Path.AltDirectorySeparatorChar
                    || trimmed.EndsWith(Path.DirectorySeparatorChar)));
    }

    [LibraryImport("libc.so.6", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPathNative(string path, IntPtr resolved);

    [LibraryImport("libc.so.6", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);

    [LibraryImport("libc.so.6", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
