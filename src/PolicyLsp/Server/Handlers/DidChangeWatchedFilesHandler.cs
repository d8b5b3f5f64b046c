using PolicyLsp.Analysis.Configuration;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

public sealed class DidChangeWatchedFilesHandler(ServerContext context)
{
    [JsonRpcMethod("workspace/didChangeWatchedFiles", UseSingleObjectParameterDeserialization = true)]
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
