using System.Diagnostics;

namespace PolicyLsp.Tests;

/// <summary>Runs git in a test's temporary folder, with an identity and no signing, so commits work on any machine.</summary>
internal static class GitRepository
{
    public static void Run(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-C", folder, "-c", "user.name=Test", "-c", "user.email=test@example.test", "-c", "commit.gpgsign=false" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start)!;
        var errors = git.StandardError.ReadToEndAsync();
        git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)}: {errors.Result}");
    }
}
