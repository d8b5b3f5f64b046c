using BenchmarkDotNet.Attributes;
using Markdig;
using PolicyLsp.Analysis;

namespace PolicyLsp.Benchmarks;

/// <summary>
/// Engine time against a bare Markdig parse of the same document, at four sizes built from the real corpus, plus
/// re-analysis after a one-word edit with the document's clause cache (what the server does on each keystroke).
/// </summary>
[MemoryDiagnoser]
public class EngineVsParseBenchmark
{
    private string _text = string.Empty;
    private string _edited = string.Empty;
    private AnalysisCache _cache = new();
    private bool _flip;

    [Params("5KB", "20KB", "100KB", "1MB")]
    public string Size { get; set; } = "20KB";

    [GlobalSetup]
    public void Setup()
    {
        _text = BenchmarkInputs.Sized(Size switch
        {
            "5KB" => 5 * 1024,
            "20KB" => 20 * 1024,
            "100KB" => 100 * 1024,
            _ => 1024 * 1024,
        });

        // The edit: one word typed into the middle of the document.
        var middle = _text.IndexOf(". ", _text.Length / 2, StringComparison.Ordinal);
        _edited = middle < 0 ? _text + " x" : _text.Insert(middle, " indeed");
        _cache = new AnalysisCache();
        Analysis.PolicyAnalyzer.Analyze(_text, cache: _cache);
    }

    [Benchmark(Baseline = true)]
    public object MarkdigParse() => Markdown.Parse(_text, Analysis.Parsing.PolicyParser.Pipeline);

    [Benchmark]
    public object Engine() => Analysis.PolicyAnalyzer.Analyze(_text);

    /// <summary>Alternates between the text and its edit, so every call re-analyses a changed paragraph.</summary>
    [Benchmark]
    public object EngineAfterEdit()
    {
        _flip = !_flip;
        return Analysis.PolicyAnalyzer.Analyze(_flip ? _edited : _text, cache: _cache);
    }
}
