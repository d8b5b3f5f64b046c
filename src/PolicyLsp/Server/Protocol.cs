using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolicyLsp.Server;

// The subset of LSP 3.17 types the server uses. Properties are serialised camelCase and nulls are omitted.
public sealed record Position(int Line, int Character);

public sealed record Range(Position Start, Position End);

public sealed record Location(string Uri, Range Range);

public sealed record TextDocumentIdentifier(string Uri);

public sealed record VersionedTextDocumentIdentifier(string Uri, int? Version);

public sealed record TextDocumentItem(string Uri, string? LanguageId, int Version, string Text);

public sealed record TextDocumentContentChangeEvent(Range? Range, string Text);

public sealed record GeneralClientCapabilities(IReadOnlyList<string>? PositionEncodings);

public sealed record DiagnosticClientCapabilities(bool? DynamicRegistration, bool? RelatedDocumentSupport);

public sealed record TextDocumentClientCapabilities(DiagnosticClientCapabilities? Diagnostic);

public sealed record DynamicRegistrationCapability(bool? DynamicRegistration);

public sealed record DiagnosticWorkspaceClientCapabilities(bool? RefreshSupport);

public sealed record WorkspaceClientCapabilities(
    bool? Configuration,
    DynamicRegistrationCapability? DidChangeWatchedFiles,
    DiagnosticWorkspaceClientCapabilities? Diagnostics);

public sealed record ClientCapabilities(
    GeneralClientCapabilities? General,
    TextDocumentClientCapabilities? TextDocument = null,
    WorkspaceClientCapabilities? Workspace = null);

public sealed record WorkspaceFolder(string Uri, string? Name);

public sealed record InitializeParams(
    int? ProcessId,
    string? RootUri,
    ClientCapabilities? Capabilities,
    string? RootPath = null,
    IReadOnlyList<WorkspaceFolder>? WorkspaceFolders = null);

public sealed record SaveOptions(bool IncludeText);

public sealed record TextDocumentSyncOptions(bool OpenClose, int Change, SaveOptions Save);

public sealed record CodeActionOptions(IReadOnlyList<string> CodeActionKinds);

public sealed record DiagnosticOptions(string Identifier, bool InterFileDependencies, bool WorkspaceDiagnostics);

public sealed record ServerCapabilities(
    string PositionEncoding,
    TextDocumentSyncOptions TextDocumentSync,
    bool HoverProvider,
    CodeActionOptions CodeActionProvider,
    bool DocumentSymbolProvider,
    DiagnosticOptions? DiagnosticProvider = null);

public sealed record ServerInfo(string Name, string? Version);

public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

public sealed record DidOpenTextDocumentParams(TextDocumentItem TextDocument);

public sealed record DidChangeTextDocumentParams(VersionedTextDocumentIdentifier TextDocument, IReadOnlyList<TextDocumentContentChangeEvent> ContentChanges);

public sealed record DidCloseTextDocumentParams(TextDocumentIdentifier TextDocument);

public sealed record DidSaveTextDocumentParams(TextDocumentIdentifier TextDocument, string? Text);

public sealed record CodeDescription(string Href);

public sealed record DiagnosticRelatedInformation(Location Location, string Message);

public static class DiagnosticSeverity
{
    public const int Error = 1;
    public const int Warning = 2;
    public const int Information = 3;
    public const int Hint = 4;
}

public sealed record Diagnostic(
    Range Range,
    int Severity,
    string Code,
    CodeDescription? CodeDescription,
    string Source,
    string Message,
    IReadOnlyList<DiagnosticRelatedInformation>? RelatedInformation,
    JsonElement? Data);

/// <summary>A diagnostic's <c>data</c>: the rule's name and the clause family (code actions read them back).</summary>
public sealed record DiagnosticData(string Rule, string Family);

public sealed record PublishDiagnosticsParams(string Uri, int? Version, IReadOnlyList<Diagnostic> Diagnostics);

public sealed record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);

public sealed record MarkupContent(string Kind, string Value);

public sealed record Hover(MarkupContent Contents, Range? Range);

/// <summary>
/// Only the kinds asked for are read: the client's diagnostics at the range come from every tool (another linter's may
/// have no source, or a number for a code) and are not read at all, since quick fixes are computed from our own
/// findings; the reader skips them, with no copy made on each cursor move.
/// </summary>
public sealed record CodeActionContext(IReadOnlyList<string>? Only);

public sealed record CodeActionParams(TextDocumentIdentifier TextDocument, Range Range, CodeActionContext? Context);

public sealed record TextEdit(Range Range, string NewText);

public sealed record WorkspaceEdit(IReadOnlyDictionary<string, IReadOnlyList<TextEdit>> Changes);

public sealed record CodeAction(string Title, string Kind, IReadOnlyList<Diagnostic>? Diagnostics, bool? IsPreferred, WorkspaceEdit Edit);

public sealed record DocumentSymbolParams(TextDocumentIdentifier TextDocument);

public static class SymbolKind
{
    public const int Namespace = 3;
    public const int Key = 20;
    public const int Event = 24;
}

public sealed record DocumentSymbol(string Name, string? Detail, int Kind, Range Range, Range SelectionRange, IReadOnlyList<DocumentSymbol>? Children);

// Pull diagnostics (LSP 3.17).
public sealed record DocumentDiagnosticParams(TextDocumentIdentifier TextDocument, string? Identifier, string? PreviousResultId);

public static class DocumentDiagnosticReportKind
{
    public const string Full = "full";
    public const string Unchanged = "unchanged";
}

/// <summary>A full report (<c>items</c> set) or an unchanged one (<c>items</c> null, so omitted).</summary>
public sealed record DocumentDiagnosticReport(string Kind, string ResultId, IReadOnlyList<Diagnostic>? Items);

public sealed record PreviousResultId(string Uri, string Value);

public sealed record WorkspaceDiagnosticParams(string? Identifier, IReadOnlyList<PreviousResultId>? PreviousResultIds);

/// <summary>One document of a workspace report; <c>version</c> is always written (null when the document is not open).</summary>
public sealed record WorkspaceDocumentDiagnosticReport(
    string Kind,
    string Uri,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? Version,
    string ResultId,
    IReadOnlyList<Diagnostic>? Items);

public sealed record WorkspaceDiagnosticReport(IReadOnlyList<WorkspaceDocumentDiagnosticReport> Items);

// Configuration and file watching.
public sealed record ConfigurationItem(string? ScopeUri, string? Section);

public sealed record ConfigurationParams(IReadOnlyList<ConfigurationItem> Items);

public sealed record DidChangeConfigurationParams(JsonElement? Settings);

public static class FileChangeType
{
    public const int Created = 1;
    public const int Changed = 2;
    public const int Deleted = 3;
}

public sealed record FileEvent(string Uri, int Type);

public sealed record DidChangeWatchedFilesParams(IReadOnlyList<FileEvent>? Changes);

public sealed record FileSystemWatcher(string GlobPattern, int? Kind);

public sealed record DidChangeWatchedFilesRegistrationOptions(IReadOnlyList<FileSystemWatcher> Watchers);

public sealed record Registration(string Id, string Method, object? RegisterOptions);

public sealed record RegistrationParams(IReadOnlyList<Registration> Registrations);

public static class MessageType
{
    public const int Error = 1;
    public const int Warning = 2;
    public const int Info = 3;
    public const int Log = 4;
}

public sealed record ShowMessageParams(int Type, string Message);

public static class LspErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int ServerNotInitialized = -32002;
    public const int RequestCancelled = -32800;
}

public static class PositionEncodingKind
{
    public const string Utf8 = "utf-8";
    public const string Utf16 = "utf-16";
}

/// <summary>PolicyLsp's own request <c>policyLsp/materialChanges</c>: the material changes of an open policy.</summary>
public sealed record MaterialChangesParams(TextDocumentIdentifier TextDocument);

/// <summary>The report as a Markdown document (what <c>diff --format markdown</c> prints), the number of changes, and the revision compared with.</summary>
public sealed record MaterialChangesResult(string Markdown, int Changes, string? ComparedWith);

/// <summary>PolicyLsp's own request <c>policyLsp/explainLine</c>: a line (from 0) of an open policy.</summary>
public sealed record ExplainLineParams(TextDocumentIdentifier TextDocument, int Line);

/// <summary>The explanation as a Markdown document, and how many sentences start on the line.</summary>
public sealed record ExplainLineResult(string Markdown, int Sentences);
