using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Regions;
using PolicyLsp.Analysis.Rules;
using PolicyLsp.Analysis.Suppressions;
using PolicyLsp.Analysis.Text;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis;

/// <summary>
/// The result of analysing one document: plain data for front ends (findings, settings, problems, the text's line
/// index). The parse model and the analysis context behind it stay inside the engine; the queries of
/// <see cref="Workspace"/> (outline, explanation) read them.
/// </summary>
public sealed record AnalysisResult
{
    internal AnalysisResult(PolicyDocument document, AnalysisContext context, PolicyConfig config, IReadOnlyList<Finding> findings, IReadOnlyList<AnalysisProblem> problems)
    {
        Document = document;
        Context = context;
        Config = config;
        Findings = findings;
        Problems = problems;
    }

    internal PolicyDocument Document { get; }

    internal AnalysisContext Context { get; }

    /// <summary>The settings the document was analysed with, its front matter applied.</summary>
    public PolicyConfig Config { get; init; }

    public IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>Problems of the settings, the front matter or linked documents, with where they are.</summary>
    public IReadOnlyList<AnalysisProblem> Problems { get; init; }

    /// <summary>The analysed text and its line starts (for positions).</summary>
    public SourceText Source => Document.Source;

    /// <summary>
    /// Findings left out of <see cref="Findings"/> because the document has more than
    /// <see cref="PolicyConfig.MaxFindingsPerDocument"/>: <see cref="Findings"/> holds the first ones in document order.
    /// Front ends should say that this many more were found (0 when none were left out).
    /// </summary>
    public int OmittedFindings { get; init; }

    /// <summary>The text of the sentence that starts at <paramref name="offset"/>, or null when none does.</summary>
    public string? SentenceAt(int offset) => Document.Sentences.FirstOrDefault(s => s.Span.Start == offset)?.Text;
}

/// <summary>The engine's front door: Markdown text and settings in, findings out.</summary>
public static class PolicyAnalyzer
{
    /// <summary>
    /// Analyses one document. <paramref name="config"/> is the project and editor settings; front matter may override
    /// them. Pass the same <paramref name="cache"/> to each analysis of one document (an editor's) to classify only
    /// the paragraphs that changed.
    /// </summary>
    public static AnalysisResult Analyze(
        string text,
        PolicyConfig? config = null,
        IEnumerable<AnalysisProblem>? configProblems = null,
        LinkedDocumentResolver? linkedDocuments = null,
        AnalysisCache? cache = null,
        PreviousVersion? previous = null)
    {
        var problems = new List<AnalysisProblem>(configProblems ?? []);

        // The front matter first: the language it declares chooses the term pack, whose abbreviations split sentences.
        var frontMatter = FrontMatter.Read(text, out var bodyStart);
        if (frontMatter.Error is { } yamlError)
        {
            problems.Add(new AnalysisProblem(yamlError, null, 1));
        }

        var effective = ConfigReader.ApplyFrontMatter(config ?? PolicyConfig.Default, frontMatter, problems);
        var maxFindings = (config ?? PolicyConfig.Default).MaxFindingsPerDocument;
        if (effective.MaxFindingsPerDocument > maxFindings)
        {
            // A document may ask for fewer findings, never for more than its settings allow.
            problems.Add(new AnalysisProblem($"front matter: \"maxFindingsPerDocument\" cannot be raised above the configured {maxFindings:N0}", null, 1));
            effective = effective with { MaxFindingsPerDocument = maxFindings };
        }

        var terms = TermPack.ForLanguage(effective.Language);
        if (terms is null)
        {
            problems.Add(new AnalysisProblem($"no term pack for language \"{effective.Language}\"; using English", null, 1));
            terms = TermPack.English;
        }

        var refused = new List<(string? Set, string Message)>();
        var extraTerms = TermPack.WithinBounds(effective.ExtraTerms, refused);
        if (refused.Count > 0)
        {
            // What the settings passed in refuse on their own is the config file's (or the editor's); the rest, front matter's.
            var byConfig = new List<(string? Set, string Message)>();
            TermPack.WithinBounds(config?.ExtraTerms ?? PolicyConfig.Default.ExtraTerms, byConfig);
            foreach (var (set, message) in refused)
            {
                var what = set is null ? $"terms: {message}" : $"terms \"{set}\": {message}";
                problems.Add(byConfig.Any(r => r.Set == set && (set is null || r.Message == message))
                    ? new AnalysisProblem(what, config!.SourcePath ?? "settings")
                    : new AnalysisProblem("front matter: " + what, null, 1));
            }
        }

        effective = refused.Count > 0 ? effective with { ExtraTerms = extraTerms } : effective;
        terms = terms.WithExtraTerms(extraTerms);
        var document = PolicyParser.Parse(text, cache?.Chunks, terms.Grammar.Splitter, frontMatter, bodyStart);
        var context = new AnalysisContext(document, effective, terms, RegionCatalog.Default, cache) { LinkedDocuments = linkedDocuments, Previous = previous };
        var suppressions = new SuppressionMap(document);

        // The first findings in document order, at most the configured number: a heap whose top is the last kept, so
        // a huge document holds only that many (their fixes are built when read, so those left out never build theirs).
        var cap = effective.MaxFindingsPerDocument;
        var kept = new PriorityQueue<Finding, Finding>(Math.Min(cap, 1_024) + 1, Comparer<Finding>.Create((a, b) => InDocumentOrder(b, a)));
        var total = 0;
        foreach (var rule in RuleCatalog.Default.Rules)
        {
            var setting = effective.For(rule.Descriptor);
            if (!setting.Enabled)
            {
                continue;
            }

            foreach (var finding in rule.Check(context, setting))
            {
                var line = document.Source.GetPosition(finding.Span.Start).Line;
                if (!suppressions.IsSuppressed(finding.Code, line))
                {
                    total++;
                    if (kept.Count < cap)
                    {
                        kept.Enqueue(finding, finding);
                    }
                    else if (InDocumentOrder(finding, kept.Peek()) < 0)
                    {
                        kept.EnqueueDequeue(finding, finding);
                    }
                }
            }
        }

        var findings = new List<Finding>(kept.Count);
        while (kept.TryDequeue(out var finding, out _))
        {
            findings.Add(finding);
        }

        findings.Sort(InDocumentOrder);

        // The kept findings build their fixes now, so that nothing they hold keeps this analysis (the whole parsed
        // document) alive once the caller keeps only the findings — as the server does for every open document.
        foreach (var finding in findings)
        {
            _ = finding.Fixes.Count;
        }

        return new AnalysisResult(document, context, effective, findings, problems) { OmittedFindings = total - findings.Count };
    }

    private static int InDocumentOrder(Finding a, Finding b) =>
        a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start) : string.CompareOrdinal(a.Code, b.Code);
}
