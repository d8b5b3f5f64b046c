using PolicyLsp.Cli;
using PolicyLsp.Server;

namespace PolicyLsp;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (ServeFastPath(args) is { } serverArguments)
        {
            return await ServeCommand.RunAsync(serverArguments);
        }

        return await CommandTree.InvokeAsync(args, Console.In, Console.Out, Console.Error);
    }

    /// <summary>
    /// The server's arguments when <c>policylsp serve …</c> can start the server without building the command tree:
    /// editors wait on the server's first answer, and building and parsing the tree (System.CommandLine loaded and
    /// JIT-compiled) costs milliseconds at every start. The tree routes these the same way, tokens untouched (a test
    /// holds the two to it); only <c>serve --help</c> goes through the tree, for its help text.
    /// </summary>
    internal static string[]? ServeFastPath(string[] args) =>
        args is ["serve", .. var rest] && !(rest is [var first, ..] && CommandTree.HelpAliases.Contains(first)) ? rest : null;
}
