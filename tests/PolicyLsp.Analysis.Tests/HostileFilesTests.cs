using System.Runtime.InteropServices;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Analysis.Tests;

/// <summary>Reading files, following links and compiling globs that come from an untrusted repository.</summary>
public sealed class HostileFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policylsp-files-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Devices_and_FIFOs_are_refused_without_being_opened()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fifo = Path.Combine(_dir, "pipe.md");
        Assert.Equal(0, MkFifo(fifo, 0x1b6));
        var zero = Path.Combine(_dir, "zero.md");
        File.CreateSymbolicLink(zero, "/dev/zero");

        Assert.False(DocumentReader.TryRead(fifo, out _, out var fifoError));
        Assert.Contains("named pipe", fifoError, StringComparison.Ordinal);
        Assert.False(DocumentReader.TryRead(zero, out _, out var zeroError));
        Assert.Contains("character device", zeroError, StringComparison.Ordinal);
        Assert.False(DocumentReader.TryRead(_dir, out _, out var dirError));
        Assert.Contains("folder", dirError, StringComparison.Ordinal);
        Assert.Equal(FileKind.SymbolicLink, FileProbe.Stat(zero, followLinks: false).Kind);
    }

    [Fact]
    public void The_byte_cap_is_enforced()
    {
        var path = Path.Combine(_dir, "big.md");
        File.WriteAllText(path, new string('a', 5000));
        Assert.False(DocumentReader.TryRead(path, 4096, out _, out var error));
        Assert.Contains("over the 4 KiB limit", error, StringComparison.Ordinal);
        Assert.True(DocumentReader.TryRead(path, 5000, out var text, out _));
        Assert.Equal(5000, text.Length);
    }

    [Fact]
    public void An_unchanged_linked_file_is_read_once_and_shared_by_every_link_to_it()
    {
        File.WriteAllText(Path.Combine(_dir, "eu.md"), "# EU\n");
        var resolve = LinkedFiles.From(Path.Combine(_dir, "privacy.md"), p => p, [_dir]);

        var first = resolve("eu.md#ai");
        var reads = LinkedFiles.Reads;
        Assert.NotNull(first);
        Assert.Same(first, resolve("eu.md#other"));
        Assert.Same(first, resolve("./eu.md"));
        Assert.Same(first, LinkedFiles.From(Path.Combine(_dir, "terms.md"), p => p, [_dir])("eu.md"));
        Assert.Equal(reads, LinkedFiles.Reads);

        File.WriteAllText(Path.Combine(_dir, "eu.md"), "# EU notice, changed\n");
        File.SetLastWriteTimeUtc(Path.Combine(_dir, "eu.md"), DateTime.UtcNow.AddMinutes(1));
        var second = resolve("eu.md");
        Assert.NotSame(first, second);
        Assert.Equal("# EU notice, changed\n", second!.Text);
    }

    [Theory]
    [InlineData("eu%00.md")]
    [InlineData("eu\u0001.md")]
    [InlineData("%E0%A4%A.md")]
    [InlineData("../outside.md")]
    [InlineData("/etc/hostname")]
    [InlineData("%2e%2e/outside.md")]
    public void Links_that_are_invalid_or_lead_out_of_the_roots_resolve_to_nothing(string target)
    {
        var inner = Path.Combine(_dir, "repo");
        Directory.CreateDirectory(inner);
        File.WriteAllText(Path.Combine(_dir, "outside.md"), "# Outside\n");
        var resolve = LinkedFiles.From(Path.Combine(inner, "privacy.md"), p => p, [inner]);
        Assert.Null(resolve(target));
    }

    [Fact]
    public void A_link_through_a_linked_folder_out_of_the_root_is_not_followed()
    {
        var inner = Path.Combine(_dir, "repo");
        var outside = Path.Combine(_dir, "outside");
        Directory.CreateDirectory(inner);
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "eu.md"), "# EU\n");
        File.CreateSymbolicLink(Path.Combine(inner, "notices"), outside);
        var resolve = LinkedFiles.From(Path.Combine(inner, "privacy.md"), p => p, [inner]);
        Assert.Null(resolve("notices/eu.md"));
        Assert.NotNull(LinkedFiles.From(Path.Combine(inner, "privacy.md"), p => p, [inner, outside])("notices/eu.md"));
    }

    [Theory]
    [InlineData("[z-a]*.md", "reversed range")]
    [InlineData("{a,{b,{c,{d,{e,{f,{g,{h,{i,j}}}}}}}}}", "nests braces")]
    [InlineData("x\ny.md", "control characters")]
    [InlineData("", "empty glob")]
    public void Invalid_globs_are_refused_with_a_reason(string pattern, string reason)
    {
        Assert.Null(Glob.TryCreate(pattern, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.False(Glob.MatchesAny([pattern], "a.md"));
    }

    [Fact]
    public void Many_alternatives_and_long_patterns_are_refused_before_a_regex_is_built()
    {
        Assert.Null(Glob.TryCreate("{" + string.Join(',', Enumerable.Range(0, 20_000)) + "}.md", out var error));
        Assert.Contains("1024 character limit", error, StringComparison.Ordinal);
        Assert.Null(Glob.TryCreate("{" + string.Join(',', Enumerable.Range(0, 300).Select(i => i % 10)) + "}", out error));
        Assert.Contains("alternatives", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compiled_globs_are_kept_in_a_bounded_table()
    {
        for (var i = 0; i < 1000; i++)
        {
            Glob.MatchesAny([$"**/*policy{i}*.md"], "legal/policy.md");
        }

        Assert.InRange(Glob.CompiledCount, 1, 256);
    }

    [DllImport("libc.so.6", EntryPoint = "mkfifo")]
    private static extern int MkFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
