using PolicyLsp.Analysis.Configuration;
using PolyType;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

/// <summary>The JSON-RPC method of <see cref="DidChangeWatchedFilesHandler"/>, described at compile time (no reflection over the handler).</summary>
[GenerateShape(IncludeMethods = MethodShapeFlags.PublicInstance)]
public partial interface IDidChangeWatchedFilesHandler
{
    [JsonRpcMethod("workspace/didChangeWatchedFiles", UseSingleObjectParameterDeserialization = true)]
    Task HandleAsync(DidChangeWatchedFilesParams? parameters);
}

public sealed class DidChangeWatchedFilesHandler(ServerContext context) : IDidChangeWatchedFilesHandler
{
    public async Task HandleAsync(DidChangeWatchedFilesParams? parameters)
    {
        if (!context.State.AcceptsNotifications)
        {
            return;
        }

        var changes = (parameters?.Changes ?? []).Where(c => c?.Uri is not null).ToList();
        if (changes.Count > 0)
        {
            // A checkout or a commit may have changed the versions open policies are compared with.
            context.Analyzer.Committed.Forget();
        }

        // A linked notice changed on disk (a checkout, another editor): the policies open here that link to it.
        foreach (var change in changes.Where(c => !IsConfigFile(c.Uri)))
        {
            context.LinkedDocumentChanged(change.Uri);
        }

        var configs = changes.Where(c => IsConfigFile(c.Uri)).ToList();
        if (configs.Count == 0)
        {
            return;
        }

        context.Log.Information("{Count} config file changes", configs.Count);
        context.Configuration.InvalidateFiles();
        await context.ConfigurationChangedAsync();
    }

    private static bool IsConfigFile(string uri)
    {
        var path = DocumentAnalyzer.LocalPath(uri) ?? uri;
        return string.Equals(Path.GetFileName(path.TrimEnd('/', '\\')), ConfigReader.FileName, StringComparison.Ordinal);
    }
}
