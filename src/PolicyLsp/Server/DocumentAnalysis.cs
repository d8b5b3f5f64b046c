using PolicyLsp.Analysis;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Text;
using PolicyLsp.Analysis.Workspace;

namespace PolicyLsp.Server;

/// <summary>
/// What the server keeps of one analysis: the findings, the settings they were computed with, the text's line index and
/// the outline. Not the parsed policy model, which is several times the size of the text and only needed while analysing.
/// </summary>
public sealed class DocumentAnalysis
{
    public DocumentAnalysis(AnalysisResult result, IReadOnlySet<string>? dependencies = null)
    {
        Dependencies = dependencies ?? new HashSet<string>();
        Source = result.Source;
        Config = result.Config;
        Findings = result.Findings;
        OmittedFindings = result.OmittedFindings;
        Outline = OutlineEntry.Of(result);
    }

    /// <summary>The documents (URIs) its links named, followed or not: a change to any of them calls for a new analysis.</summary>
    public IReadOnlySet<string> Dependencies { get; }

    /// <summary>Findings past the configured cap (<c>maxFindingsPerDocument</c>), counted but not reported.</summary>
    public int OmittedFindings { get; }

    /// <summary>The analysed text and its line starts (for position mapping).</summary>
    public SourceText Source { get; }

    public PolicyConfig Config { get; }

    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>Sections and clauses, the document-symbol tree in offsets.</summary>
    public IReadOnlyList<OutlineEntry> Outline { get; }
}
