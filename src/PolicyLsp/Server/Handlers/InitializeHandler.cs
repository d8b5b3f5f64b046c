using System.Text.Json;
using PolicyLsp.Cli;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

public sealed class InitializeHandler(ServerContext context)
{
    [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
    public InitializeResult Handle(InitializeParams parameters)
    {
        var encoding = context.State.Initialize(parameters.Capabilities?.General?.PositionEncodings);
        context.Log.Information("initialize: process {ProcessId}, position encoding {Encoding}", parameters.ProcessId, encoding);
        return new InitializeResult(
            new ServerCapabilities(
                encoding,
                new TextDocumentSyncOptions(OpenClose: true, Change: 2, new SaveOptions(IncludeText: false)),
                HoverProvider: true,
                new CodeActionOptions(["quickfix"]),
                DocumentSymbolProvider: true),
            new ServerInfo("policylsp", Usage.Version));
    }
}

public sealed class InitializedHandler(ServerContext context)
{
    [JsonRpcMethod("initialized", UseSingleObjectParameterDeserialization = true)]
    public void Handle(JsonElement? parameters = null) => context.Log.Debug("initialized");
}
