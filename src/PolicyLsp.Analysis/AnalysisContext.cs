using PolicyLsp.Analysis.CarveOuts;
using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.PlainLanguage;
using PolicyLsp.Analysis.Regions;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis;

/// <summary>Everything the rules read about one document, each fact computed once and cached.</summary>
public sealed class AnalysisContext
{
    private readonly SentenceFacts?[] _facts;
    private readonly Dictionary<Clause, CarveOutResult> _carveOuts = [];
    private RegionFacts? _regions;
    private CarveOutResolver? _carveOutResolver;
    private PlainLanguageDetector? _plainLanguage;

    internal AnalysisContext(PolicyDocument document, PolicyConfig config, TermPack terms, RegionCatalog catalog)
    {
        Document = document;
        Config = config;
        Terms = terms;
        Catalog = catalog;
        _facts = new SentenceFacts?[document.Sentences.Count];
        Clauses = FindClauses();
    }

    public PolicyDocument Document { get; }

    public PolicyConfig Config { get; }

    public TermPack Terms { get; }

    public RegionCatalog Catalog { get; }

    public IReadOnlyList<Clause> Clauses { get; }

    /// <summary>Follows links to other policies (for carve-outs made there); null when the front end offers none.</summary>
    public LinkedDocumentResolver? LinkedDocuments { get; init; }

    public RegionFacts Regions => _regions ??= new RegionFacts(Document, Catalog, Terms, Facts);

    public PlainLanguageDetector PlainLanguage => _plainLanguage ??= new PlainLanguageDetector(this);

    public SentenceFacts Facts(Sentence sentence) =>
        _facts[sentence.Index] ??= new SentenceFacts(sentence, Terms);

    public CarveOutResolver CarveOutResolver => _carveOutResolver ??= new CarveOutResolver(this);

    public CarveOutResult CarveOut(Clause clause)
    {
        if (!_carveOuts.TryGetValue(clause, out var result))
        {
            result = CarveOutResolver.Resolve(clause);
            _carveOuts[clause] = result;
        }

        return result;
    }

    /// <summary>True for blocks that restate a practice for the reader ("In plain words: …", a Summary section).</summary>
    public bool IsSummary(Block block) => PlainLanguage.IsSummary(block);

    private List<Clause> FindClauses()
    {
        var clauses = new List<Clause>();
        foreach (var sentence in Document.Sentences)
        {
            if (sentence.Block.Kind == BlockKind.Heading || IsSummary(sentence.Block))
            {
                continue;
            }

            clauses.AddRange(ClauseClassifier.Classify(Facts(sentence)));
        }

        return clauses;
    }
}
