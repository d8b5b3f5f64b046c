using PolicyLsp.Analysis;
using PolicyLsp.Cli;
using PolyType;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

/// <summary>The JSON-RPC method of <see cref="MaterialChangesHandler"/>, described at compile time (no reflection over the handler).</summary>
[GenerateShape(IncludeMethods = MethodShapeFlags.PublicInstance)]
public partial interface IMaterialChangesHandler
{
    [JsonRpcMethod(MaterialChangesHandler.Method, UseSingleObjectParameterDeserialization = true)]
    Task<MaterialChangesResult> HandleAsync(MaterialChangesParams parameters, CancellationToken cancellationToken);
}

/// <summary>
/// <c>policyLsp/materialChanges</c>: the Markdown report of what an open policy changes against the revision it is
/// compared with (<c>compareWith</c>; the last commit when the setting is off, since the user asked). The VS Code
/// command "PolicyLsp: Show Material Changes" opens it beside the policy.
/// </summary>
public sealed class MaterialChangesHandler(ServerContext context) : IMaterialChangesHandler
{
    public const string Method = "policyLsp/materialChanges";

    public async Task<MaterialChangesResult> HandleAsync(MaterialChangesParams parameters, CancellationToken cancellationToken)
    {
        context.State.EnsureReady();
        var uri = parameters.TextDocument.Uri;
        var document = context.Documents.Get(uri);
        var path = DocumentAnalyzer.LocalPath(uri);
        var name = path is null ? uri : Path.GetFileName(path);
        if (document is null || path is null)
        {
            return new MaterialChangesResult($"### PolicyLsp: no material changes to show\n\n{MarkdownChangeReport.Cell(name)} is not an open file on disk, so it has no committed version.\n", 0, null);
        }

        var revision = context.Configuration.CompareWith ?? ConfigurationService.DefaultCompareWith;

        // Off the message loop: git and two analyses of a large policy take a while.
        return await Task.Run(
            () =>
            {
                var config = context.Configuration.For(path);
                if (context.Analyzer.Committed.For(path, revision, config, context.Configuration.Generation) is not { } previous)
                {
                    return new MaterialChangesResult(
                        $"### PolicyLsp: no material changes to show\n\n{MarkdownChangeReport.Cell(name)} has no version at {MarkdownChangeReport.Cell(revision)} to compare with (not in a git repository, or no such revision).\n",
                        0,
                        revision);
                }

                var analysed = PolicyAnalyzer.Analyze(document.Text, config, previous: previous);
                var changes = analysed with { Findings = [.. analysed.Findings.Where(DiffCommand.IsMaterialChange)] };
                var markdown = new StringWriter();
                MarkdownChangeReport.Write(markdown, $"{name} at {revision}", name, previous.Result, changes);
                return new MaterialChangesResult(markdown.ToString(), changes.Findings.Count, revision);
            },
            cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
