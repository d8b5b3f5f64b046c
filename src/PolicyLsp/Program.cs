using PolicyLsp.Cli;
using PolicyLsp.Server;

namespace PolicyLsp;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Out.Write(Usage.Text);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Clean;
        }

        switch (args[0])
        {
            case "--version":
                Console.Out.WriteLine(Usage.Version);
                return ExitCodes.Clean;
            case "check":
                return await CheckCommand.RunAsync(args[1..], Console.In, Console.Out, Console.Error);
            case "serve":
                return await ServeCommand.RunAsync(args[1..]);
            case "explain":
                return ExplainCommand.Run(args[1..], Console.Out, Console.Error);
            case "eval": return EvalCommand.Run(args[1..], Console.Out, Console.Error);
            default:
                Console.Error.WriteLine($"policylsp: unknown command \"{args[0]}\"; try policylsp --help");
                return ExitCodes.Usage;
        }
    }
}
