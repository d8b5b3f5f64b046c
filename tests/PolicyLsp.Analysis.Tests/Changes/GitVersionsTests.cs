using System.Diagnostics;
using PolicyLsp.Analysis.Changes;

namespace PolicyLsp.Analysis.Tests.Changes;

/// <summary>The committed version of a file, read from a real temporary git repository.</summary>
public sealed class GitVersionsTests : IDisposable
{
    private readonly string _repo = Directory.CreateTempSubdirectory("policylsp-git-").FullName;

    public void Dispose() => Directory.Delete(_repo, recursive: true);

    private void Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-C", _repo, "-c", "user.name=Test", "-c", "user.email=test@example.test", "-c", "commit.gpgsign=false" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start)!;
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)}: {git.StandardError.ReadToEnd()}");
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_repo, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void The_committed_text_of_a_changed_file_is_read_at_HEAD_and_at_an_older_revision()
    {
        Git("init", "-q");
        var policy = Write("legal/privacy.md", "# Privacy\n\nVersion one.\n");
        Git("add", ".");
        Git("commit", "-q", "-m", "one");
        Write("legal/privacy.md", "# Privacy\n\nVersion two.\n");
        Git("commit", "-q", "-am", "two");
        Write("legal/privacy.md", "# Privacy\n\nVersion three, not committed.\n");

        Assert.Equal(new GitVersion(GitVersionStatus.Found, "# Privacy\n\nVersion two.\n", null), GitVersions.Show(policy, "HEAD"));
        Assert.Equal("# Privacy\n\nVersion one.\n", GitVersions.Show(policy, "HEAD~1").Text);
    }

    [Fact]
    public void A_file_new_since_the_revision_an_unknown_revision_and_a_folder_outside_a_repository_are_told_apart()
    {
        Git("init", "-q");
        Write("privacy.md", "# Privacy\n");
        Git("add", ".");
        Git("commit", "-q", "-m", "one");
        var terms = Write("terms.md", "# Terms\n");

        Assert.Equal(GitVersionStatus.NotInRevision, GitVersions.Show(terms, "HEAD").Status);
        var unknown = GitVersions.Show(terms, "no-such-branch");
        Assert.Equal(GitVersionStatus.UnknownRevision, unknown.Status);
        Assert.Equal("unknown revision \"no-such-branch\"", unknown.Error);

        var outside = Directory.CreateTempSubdirectory("policylsp-nogit-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outside, "privacy.md"), "# Privacy\n");
            Assert.Equal(GitVersionStatus.NotARepository, GitVersions.Show(Path.Combine(outside, "privacy.md"), "HEAD").Status);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Theory]
    [InlineData("--output=/tmp/x")]
    [InlineData("-h")]
    [InlineData("HEAD:../../etc/passwd")]
    [InlineData("HEAD\nmain")]
    [InlineData("")]
    public void A_revision_that_git_could_read_as_an_option_or_a_path_is_refused_before_git_runs(string revision)
    {
        Assert.NotNull(GitVersions.CheckRevision(revision));
        Assert.Equal(GitVersionStatus.UnknownRevision, GitVersions.Show(Path.Combine(_repo, "privacy.md"), revision).Status);
    }
}
