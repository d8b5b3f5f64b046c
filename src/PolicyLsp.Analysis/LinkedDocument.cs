namespace PolicyLsp.Analysis;

/// <summary>Another policy a clause links to, as the front end found it: where it is (path or URI) and its text.</summary>
public sealed record LinkedDocument(string Location, string Text);

/// <summary>Resolves a Markdown link target (as written, e.g. "eu-notice.md#ai") to a document, or null.</summary>
public delegate LinkedDocument? LinkedDocumentResolver(string linkTarget);
