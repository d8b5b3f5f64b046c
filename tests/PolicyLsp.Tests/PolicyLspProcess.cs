using System.Diagnostics;

namespace PolicyLsp.Tests;

/// <summary>
/// Starts the real <c>policylsp</c> executable, with its standard streams redirected: the one built beside the tests,
/// or the one <c>POLICYLSP_EXE</c> names (scripts/e2e-release.sh runs these tests against the NativeAOT binary).
/// </summary>
internal static class PolicyLspProcess
{
    public static Process Start(IEnumerable<string> arguments, string? workingDirectory = null, params (string Name, string Value)[] environment)
    {
        var exe = Environment.GetEnvironmentVariable("POLICYLSP_EXE") is { Length: > 0 } given
            ? given
            : Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "policylsp.exe" : "policylsp");
        var info = new ProcessStartInfo(exe)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return Process.Start(info)!;
    }
}
