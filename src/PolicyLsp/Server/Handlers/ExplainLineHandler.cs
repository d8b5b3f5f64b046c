using PolicyLsp.Analysis.Workspace;
using PolicyLsp.Cli;
using PolyType;
using StreamJsonRpc;

namespace PolicyLsp.Server.Handlers;

/// <summary>The JSON-RPC method of <see cref="ExplainLineHandler"/>, described at compile time (no reflection over the handler).</summary>
[GenerateShape(IncludeMethods = MethodShapeFlags.PublicInstance)]
public partial interface IExplainLineHandler
{
    [JsonRpcMethod(ExplainLineHandler.Method, UseSingleObjectParameterDeserialization = true)]
    Task<ExplainLineResult> HandleAsync(ExplainLineParams parameters, CancellationToken cancellationToken);
}

/// <summary>
/// <c>policyLsp/explainLine</c>: what <c>policylsp explain</c> says of a line of an open policy (the vocabulary its
/// sentences matched, the clauses found and, for a sentence with a family's words that is not its clause, the step that
/// turned it down), as Markdown. The VS Code command "PolicyLsp: Explain This Line" shows it beside the policy.
/// </summary>
public sealed class ExplainLineHandler(ServerContext context) : IExplainLineHandler
{
    public const string Method = "policyLsp/explainLine";

    public async Task<ExplainLineResult> HandleAsync(ExplainLineParams parameters, CancellationToken cancellationToken)
    {
        context.State.EnsureReady();
        var uri = parameters.TextDocument.Uri;
        if (context.Documents.Get(uri) is not { } document)
        {
            return new ExplainLineResult("### PolicyLsp: nothing to explain\n\nThe document is not open.\n", 0);
        }

        // Off the message loop: the explanation needs the parsed policy, which the server does not keep between analyses
        // (the workspace's clause cache makes this analysis cheap for an open document).
        return await Task.Run(
            () =>
            {
                var path = DocumentAnalyzer.LocalPath(uri);
                var analysis = context.Analyzer.Workspace.Analyze(uri, document.Text, config: context.Configuration.For(path));
                var sentences = Explanation.OfLine(analysis.Result, parameters.Line + 1);
                var text = new StringWriter();
                text.WriteLine($"### PolicyLsp: line {parameters.Line + 1}");
                text.WriteLine();
                if (sentences.Count == 0)
                {
                    text.WriteLine("No sentence starts on this line.");
                }
                else
                {
                    text.WriteLine("```text");
                    ExplainCommand.Write(text, sentences);
                    text.WriteLine("```");
                }

                return new ExplainLineResult(text.ToString(), sentences.Count);
            },
            cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
