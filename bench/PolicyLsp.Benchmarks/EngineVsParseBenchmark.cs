using BenchmarkDotNet.Attributes;
using Markdig;

namespace PolicyLsp.Benchmarks;

/// <summary>Engine time against a bare Markdig parse of the same document (the largest real policy by default).</summary>
[MemoryDiagnoser]
public class EngineVsParseBenchmark
{
    private string _text = string.Empty;

    [Params("largest-corpus")]
    public string Document { get; set; } = "largest-corpus";

    [GlobalSetup]
    public void Setup() => _text = BenchmarkInputs.LargestCorpusFile();

    [Benchmark(Baseline = true)]
    public object MarkdigParse() => Markdown.Parse(_text, Analysis.Parsing.PolicyParser.Pipeline);

    [Benchmark]
    public object Engine() => Analysis.PolicyAnalyzer.Analyze(_text);
}
