using System.Runtime.InteropServices;

using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Server;

/// <summary>
/// Where the server may log: by default a folder of the user's own (<c>$XDG_STATE_HOME/policylsp</c>, else
/// <c>~/.local/state/policylsp</c>; the local application data folder on Windows), mode 0700, with the file 0600. A
/// symbolic link, a FIFO or device, or a folder or file of another user is refused rather than written through.
/// </summary>
internal static class LogFileLocation
{
    public const string FileName = "policylsp-server.log";

    private const UnixFileMode UserOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode UserOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>The default log file of the current user.</summary>
    public static string Default()
    {
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "policylsp", FileName);
        }

        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(state) || !Path.IsPathRooted(state))
        {
            state = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        }

        return Path.Combine(state, "policylsp", FileName);
    }

    /// <summary>
    /// Prepares <paramref name="file"/> for logging: null when it may be written (created 0600 if it was missing, its
    /// default folder 0700), else why not. The default folder and file must also belong to the user.
    /// </summary>
    public static string? Prepare(string file, bool isDefault)
    {
        var full = Path.GetFullPath(file);
        var folder = Path.GetDirectoryName(full);
        if (OperatingSystem.IsWindows())
        {
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            return null;
        }

        if (isDefault && folder is not null)
        {
            var info = Lstat(folder);
            if (info is null)
            {
                Directory.CreateDirectory(folder, UserOnlyFolder);
                info = Lstat(folder);
            }

            if (info is not { } f || f.IsLink)
            {
                return $"the log folder {folder} is a symbolic link";
            }

            if (!f.IsDirectory)
            {
                return $"the log folder {folder} is not a folder";
            }

            if (f.Uid is { } uid && uid != geteuid())
            {
                return $"the log folder {folder} belongs to another user";
            }

            // Only its owner may change its mode: this also refuses another user's folder where the owner is unknown.
            if ((File.GetUnixFileMode(folder) & GroupOrOther) != 0)
            {
                File.SetUnixFileMode(folder, UserOnlyFolder);
            }
        }

        var existing = Lstat(full);
        if (existing is null)
        {
            try
            {
                // O_CREAT | O_EXCL: never through a link planted meanwhile.
                using var created = new FileStream(full, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UserOnlyFile });
                return null;
            }
            catch (IOException) when (Lstat(full) is not null)
            {
                existing = Lstat(full);
            }
        }

        if (existing is not { } e || e.IsLink)
        {
            return $"the log file {full} is a symbolic link";
        }

        if (!e.IsRegular)
        {
            return $"the log file {full} is not a regular file (a folder, FIFO or device)";
        }

        if (isDefault && e.Uid is { } owner && owner != geteuid())
        {
            return $"the log file {full} belongs to another user";
        }

        return null;
    }

    /// <summary>What lstat says of a path (the link itself, not its target); null when nothing is there.</summary>
    private static Inspected? Lstat(string path)
    {
        var status = FileProbe.Stat(path, followLinks: false);
        return status.Kind == FileKind.Missing
            ? null
            : new Inspected(
                status.Kind == FileKind.SymbolicLink,
                status.Kind == FileKind.Directory,
                status.Kind == FileKind.Regular,
                status.Owner);
    }

    private readonly record struct Inspected(bool IsLink, bool IsDirectory, bool IsRegular, uint? Uid);

    [DllImport("libc")]
    private static extern uint geteuid();
}
