using System.Runtime.InteropServices;

namespace PolicyLsp.Tests;

/// <summary>Builds hostile trees in a test's temporary folder: files, FIFOs and symbolic links, by relative path.</summary>
internal sealed class HostileTree(string root)
{
    public string Root { get; } = root;

    public string Write(string relative, string text)
    {
        var path = Prepare(relative);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A named pipe (Linux): opening it for reading blocks until a writer comes.</summary>
    public void Fifo(string relative) => Assert.Equal(0, MkFifo(Prepare(relative), 0x1b6));

    public void Link(string relative, string target) => File.CreateSymbolicLink(Prepare(relative), target);

    private string Prepare(string relative)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    [DllImport("libc.so.6", EntryPoint = "mkfifo")]
    private static extern int MkFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
