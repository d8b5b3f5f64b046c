using PolicyLsp.Cli;

namespace PolicyLsp.Tests.Cli;

/// <summary>Runs <c>policylsp ARGS</c> in process, as the executable's entry point does, with an empty stdin.</summary>
internal static class CliRunner
{
    public static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandTree.InvokeAsync(args, new StringReader(string.Empty), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
