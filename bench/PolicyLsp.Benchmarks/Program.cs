using System.Diagnostics;
using BenchmarkDotNet.Running;

namespace PolicyLsp.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "stages")
        {
            // A quick breakdown (not a benchmark): time of each engine stage on a concatenated corpus text.
            var size = args.Length > 1 ? int.Parse(args[1]) : 1_000_000;
            var text = BenchmarkInputs.Concatenated(size);
            for (var run = 0; run < 3; run++)
            {
                var sw = Stopwatch.StartNew();
                var doc = Analysis.Parsing.PolicyParser.Parse(text);
                var parse = sw.Elapsed.TotalMilliseconds;
                var result = Analysis.PolicyAnalyzer.Analyze(text);
                Console.WriteLine($"{text.Length / 1024} KiB: parse+model {parse:0} ms, full analysis {sw.Elapsed.TotalMilliseconds - parse:0} ms, {doc.Sentences.Count} sentences, {result.Findings.Count} findings");
            }

            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
