using PolicyLsp.Analysis.Configuration;
using PolyType;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

/// <summary>The JSON-RPC method of <see cref="WorkspaceDiagnosticHandler"/>, described at compile time (no reflection over the handler).</summary>
[GenerateShape(IncludeMethods = MethodShapeFlags.PublicInstance)]
public partial interface IWorkspaceDiagnosticHandler
{
    [JsonRpcMethod("workspace/diagnostic", UseSingleObjectParameterDeserialization = true)]
    Task<WorkspaceDiagnosticReport> HandleAsync(WorkspaceDiagnosticParams? parameters, CancellationToken cancellationToken);
}

/// <summary>Diagnostics for every policy file under the workspace folders; open documents are reported from their in-memory text.</summary>
public sealed class WorkspaceDiagnosticHandler(ServerContext context) : IWorkspaceDiagnosticHandler
{
    public async Task<WorkspaceDiagnosticReport> HandleAsync(WorkspaceDiagnosticParams? parameters, CancellationToken cancellationToken)
    {
        context.State.EnsureReady();
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in parameters?.PreviousResultIds ?? [])
        {
            if (item?.Uri is { } uri && item.Value is { } value)
            {
                previous[uri] = value;
            }
        }

        var open = new Dictionary<string, OpenDocument>(StringComparer.Ordinal);
        foreach (var document in context.Documents.All())
        {
            if (DocumentAnalyzer.LocalPath(document.Uri) is { } path)
            {
                open[Path.GetFullPath(path)] = document;
            }
        }

        var items = await Task.Run(() => CollectAsync(previous, open, cancellationToken), cancellationToken);
        context.Log.Debug("workspace/diagnostic: {Count} reports", items.Count);
        return new WorkspaceDiagnosticReport(items);
    }

    private async Task<List<WorkspaceDocumentDiagnosticReport>> CollectAsync(
        Dictionary<string, string> previous,
        Dictionary<string, OpenDocument> open,
        CancellationToken cancellationToken)
    {
        var reports = new List<WorkspaceDocumentDiagnosticReport>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in context.State.WorkspaceRoots)
        {
            foreach (var file in PolicyFiles.MarkdownFilesUnder(root, cancellationToken))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (context.BeforeWorkspaceFile is { } hook)
                {
                    await hook(file, cancellationToken);
                }

                if (!seen.Add(file))
                {
                    continue;
                }

                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                var report = open.TryGetValue(file, out var document)
                    ? ForOpen(document, relative, previous)
                    : ForDisk(file, relative, previous);
                if (report is not null)
                {
                    reports.Add(report);
                    reported.Add(report.Uri);
                }
            }
        }

        // Files reported before that are gone or no longer policies: clear what the client shows for them.
        foreach (var (uri, value) in previous)
        {
            if (!reported.Contains(uri) && value != PullDiagnostics.NoResultId && DocumentAnalyzer.LocalPath(uri) is not null)
            {
                reports.Add(new WorkspaceDocumentDiagnosticReport(DocumentDiagnosticReportKind.Full, uri, null, PullDiagnostics.NoResultId, []));
            }
        }

        return reports;
    }

    private WorkspaceDocumentDiagnosticReport? ForOpen(OpenDocument document, string relative, Dictionary<string, string> previous)
    {
        var config = context.Configuration.For(DocumentAnalyzer.LocalPath(document.Uri));
        if (!PolicyFiles.IsPolicy(relative, config.PolicyFiles, () => document.Text))
        {
            return null;
        }

        var resultId = PullDiagnostics.CurrentResultId(context, document);
        if (previous.TryGetValue(document.Uri, out var before) && before == resultId)
        {
            return new WorkspaceDocumentDiagnosticReport(DocumentDiagnosticReportKind.Unchanged, document.Uri, document.Version, resultId, null);
        }

        var items = PullDiagnostics.ForOpenDocument(context, document, out var stamp);
        return new WorkspaceDocumentDiagnosticReport(DocumentDiagnosticReportKind.Full, document.Uri, document.Version, PullDiagnostics.ResultId(document, stamp), items);
    }

    private WorkspaceDocumentDiagnosticReport? ForDisk(string file, string relative, Dictionary<string, string> previous)
    {
        var uri = new Uri(file).AbsoluteUri;
        var resultId = PullDiagnostics.DiskResultId(file, context.Configuration.Generation);
        if (resultId is null)
        {
            return null;
        }

        if (previous.TryGetValue(uri, out var before) && before == resultId)
        {
            // Same file, same settings: it was a policy when this id was handed out and still is.
            return new WorkspaceDocumentDiagnosticReport(DocumentDiagnosticReportKind.Unchanged, uri, null, resultId, null);
        }

        var config = context.Configuration.For(file);
        string? text = null;
        var read = false;
        string? ReadOnce()
        {
            if (!read)
            {
                read = true;
                text = PullDiagnostics.ReadFile(context, file);
            }

            return text;
        }

        if (!PolicyFiles.IsPolicy(relative, config.PolicyFiles, ReadOnce) || ReadOnce() is not { } content)
        {
            return null;
        }

        var items = PullDiagnostics.ForText(context, uri, content) ?? [];
        return new WorkspaceDocumentDiagnosticReport(DocumentDiagnosticReportKind.Full, uri, null, resultId, items);
    }
}
