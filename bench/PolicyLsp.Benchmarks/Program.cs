using System.Diagnostics;
using BenchmarkDotNet.Running;
using Markdig;

namespace PolicyLsp.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "stages")
        {
            // A quick breakdown (not a benchmark): time of each engine stage on a concatenated corpus text.
            var text = args.Length > 1 && File.Exists(args[1]) ? File.ReadAllText(args[1])
                : BenchmarkInputs.Concatenated(args.Length > 1 ? int.Parse(args[1]) : 1_000_000);
            for (var run = 0; run < 30; run++)
            {
                var sw = Stopwatch.StartNew();
                Markdig.Markdown.Parse(text, Analysis.Parsing.PolicyParser.Pipeline);
                var markdig = sw.Elapsed.TotalMilliseconds;
                sw.Restart();
                var doc = Analysis.Parsing.PolicyParser.Parse(text);
                var parse = sw.Elapsed.TotalMilliseconds;
                sw.Restart();
                var tokens = 0;
                foreach (var sentence in doc.Sentences)
                {
                    tokens += Analysis.Vocabulary.Tokenizer.Tokenize(sentence.Text).Length;
                }

                Console.WriteLine($"  markdig {markdig:0} ms, policy model {parse:0} ms, tokenize {sw.Elapsed.TotalMilliseconds:0} ms ({tokens} tokens)");
                sw.Restart();
                var combined = Analysis.Vocabulary.TermPack.English;
                Console.WriteLine($"  pack {sw.Elapsed.TotalMilliseconds:0} ms");
                var off = Analysis.Configuration.PolicyConfig.Default with { Rules = Analysis.Findings.RuleDescriptor.All.ToDictionary(r => r.Code, r => new Analysis.Configuration.RuleSetting(false, Analysis.Findings.Severity.Warning)) };
                var sw2 = Stopwatch.StartNew();
                Analysis.PolicyAnalyzer.Analyze(text, off);
                Console.WriteLine($"  clauses only {sw2.Elapsed.TotalMilliseconds:0} ms");
                sw.Restart();
                parse = 0;
                var result = Analysis.PolicyAnalyzer.Analyze(text);
                Console.WriteLine($"{text.Length / 1024} KiB: parse+model {parse:0} ms, full analysis {sw.Elapsed.TotalMilliseconds - parse:0} ms, {doc.Sentences.Count} sentences, {result.Findings.Count} findings");
            }

            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
