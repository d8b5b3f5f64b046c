using System.Text.Json;
using PolicyLsp.Analysis;
using PolicyLsp.Analysis.Text;
using PolicyLsp.Server;
using StreamJsonRpc;

namespace PolicyLsp.Tests.Server;

public sealed class LanguageServerTests : IDisposable
{
    private const string Policy = "# Privacy\n\nWe may use your posts to train our AI models.\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("policylsp-lsp-").FullName;
    private readonly LspTestClient _client = new();

    public void Dispose()
    {
        _client.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Uri(string name = "privacy.md") => LspTestClient.FileUri(Path.Combine(_dir, name));

    [Fact]
    public async Task Request_before_initialize_is_rejected_with_ServerNotInitialized()
    {
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() =>
            _client.RequestAsync("textDocument/hover", new { textDocument = new { uri = Uri() }, position = new { line = 0, character = 0 } }));
        Assert.Equal(-32002, error.ErrorCode);
    }

    [Fact]
    public async Task Initialize_returns_capabilities_and_server_info()
    {
        var result = await _client.InitializeAsync();
        var capabilities = result.GetProperty("capabilities");
        var sync = capabilities.GetProperty("textDocumentSync");
        Assert.True(sync.GetProperty("openClose").GetBoolean());
        Assert.Equal(2, sync.GetProperty("change").GetInt32());
        Assert.False(sync.GetProperty("save").GetProperty("includeText").GetBoolean());
        Assert.True(capabilities.GetProperty("hoverProvider").GetBoolean());
        Assert.True(capabilities.GetProperty("documentSymbolProvider").GetBoolean());
        Assert.Equal("quickfix", capabilities.GetProperty("codeActionProvider").GetProperty("codeActionKinds")[0].GetString());
        Assert.Equal("utf-16", capabilities.GetProperty("positionEncoding").GetString());
        Assert.Equal("policylsp", result.GetProperty("serverInfo").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(new[] { "utf-8", "utf-16" }, "utf-8")]
    [InlineData(new[] { "utf-8" }, "utf-8")]
    [InlineData(new[] { "utf-16", "utf-8" }, "utf-16")]
    [InlineData(new[] { "utf-32" }, "utf-16")]
    public async Task Position_encoding_is_negotiated(string[] offered, string expected)
    {
        var result = await _client.InitializeAsync(offered);
        Assert.Equal(expected, result.GetProperty("capabilities").GetProperty("positionEncoding").GetString());
    }

    [Fact]
    public async Task Second_initialize_is_an_invalid_request()
    {
        await _client.InitializeAsync();
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => _client.InitializeAsync());
        Assert.Equal(-32600, error.ErrorCode);
    }

    [Fact]
    public async Task DidOpen_publishes_PL101_with_code_source_and_documentation_link()
    {
        await _client.InitializeAsync();
        await _client.OpenAsync(Uri(), Policy, version: 7);
        var published = await _client.DiagnosticsAsync(Uri(), 7);
        var diagnostic = Single(published, "PL101");
        Assert.Equal("policylsp", diagnostic.GetProperty("source").GetString());
        Assert.Equal(2, diagnostic.GetProperty("severity").GetInt32());
        Assert.EndsWith("/PL101.md", diagnostic.GetProperty("codeDescription").GetProperty("href").GetString());
        Assert.Equal(2, diagnostic.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32());
        Assert.Equal(0, diagnostic.GetProperty("range").GetProperty("start").GetProperty("character").GetInt32());
        Assert.Contains(published.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString() == "PL102");
    }

    [Fact]
    public async Task Config_file_next_to_the_document_applies()
    {
        File.WriteAllText(Path.Combine(_dir, ".policylsp.json"), "{ \"rules\": { \"PL101\": \"error\", \"PL102\": \"off\" } }");
        await _client.InitializeAsync();
        await _client.OpenAsync(Uri(), Policy);
        var published = await _client.DiagnosticsAsync(Uri(), 1);
        var diagnostics = published.GetProperty("diagnostics").EnumerateArray().ToList();
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("PL101", diagnostic.GetProperty("code").GetString());
        Assert.Equal(1, diagnostic.GetProperty("severity").GetInt32());
    }

    [Fact]
    public async Task Incremental_changes_with_emoji_and_CRLF_move_the_diagnostics()
    {
        var text = "# Privacy\r\n\r\nWe may use your posts to train our AI models.\r\n";
        await _client.InitializeAsync();
        await _client.OpenAsync(Uri(), text);
        Assert.Equal(2, Start(Single(await _client.DiagnosticsAsync(Uri(), 1), "PL101")).Line);

        // Two edits in one notification, applied in order: a new paragraph before the clause, then text in front of it.
        await _client.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri = Uri(), version = 2 },
            contentChanges = new object[]
            {
                new { range = Range(2, 0, 2, 0), text = "Our app 😀 is fun.\r\n\r\n" },
                new { range = Range(4, 0, 4, 0), text = "Hi 😀😀! " },
            },
        });
        var expected = "# Privacy\r\n\r\nOur app 😀 is fun.\r\n\r\nHi 😀😀! We may use your posts to train our AI models.\r\n";
        var published = await _client.DiagnosticsAsync(Uri(), 2);
        var reference = PolicyAnalyzer.Analyze(expected);
        var finding = reference.Findings.First(f => f.Code == "PL101");
        var expectedStart = reference.Document.Source.GetPosition(finding.Span.Start);
        var expectedEnd = reference.Document.Source.GetPosition(finding.Span.End);
        var diagnostic = Single(published, "PL101");
        Assert.Equal(4, expectedStart.Line);
        Assert.Equal((expectedStart.Line, expectedStart.Character), Start(diagnostic));
        Assert.Equal((expectedEnd.Line, expectedEnd.Character), End(diagnostic));

        // Replace the clause's "posts" (after two surrogate pairs) by a full-line edit that removes the clause.
        await _client.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri = Uri(), version = 3 },
            contentChanges = new object[] { new { range = Range(4, 0, 4, 200), text = "We collect your email to send receipts." } },
        });
        published = await _client.DiagnosticsAsync(Uri(), 3);
        Assert.Empty(published.GetProperty("diagnostics").EnumerateArray());

        // A full-text change (no range) replaces everything.
        await _client.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri = Uri(), version = 4 },
            contentChanges = new object[] { new { text = "# A\n\n# B\n\nWe may use your posts to train our AI models.\n" } },
        });
        Assert.Equal((4, 0), Start(Single(await _client.DiagnosticsAsync(Uri(), 4), "PL101")));
    }

    [Fact]
    public async Task Utf8_positions_count_bytes()
    {
        await _client.InitializeAsync("utf-8");
        var text = "# Privacy\n\nHi 😀é! We may use your posts to train our AI models.\n";
        await _client.OpenAsync(Uri(), text);
        var diagnostic = Single(await _client.DiagnosticsAsync(Uri(), 1), "PL101");
        Assert.Equal(Utf8Range(text, "PL101"), (Start(diagnostic), End(diagnostic)));
        Assert.Equal(2, End(diagnostic).Line);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount("Hi 😀é! We may use your posts to train our AI models."), End(diagnostic).Character);

        // An edit addressed in UTF-8 bytes: "Hi 😀" is 3 + 4 bytes, so character 7 is just after the emoji.
        await _client.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri = Uri(), version = 2 },
            contentChanges = new object[] { new { range = Range(2, 7, 2, 9), text = "XYZ" } },
        });
        var expected = "# Privacy\n\nHi 😀XYZ! We may use your posts to train our AI models.\n";
        diagnostic = Single(await _client.DiagnosticsAsync(Uri(), 2), "PL101");
        Assert.Equal(Utf8Range(expected, "PL101"), (Start(diagnostic), End(diagnostic)));
    }

    [Fact]
    public async Task Hover_on_a_finding_returns_markdown_with_the_rule_and_background()
    {
        await _client.InitializeAsync();
        await _client.OpenAsync(Uri(), Policy);
        await _client.DiagnosticsAsync(Uri(), 1);
        var hover = await _client.RequestAsync("textDocument/hover", new { textDocument = new { uri = Uri() }, position = new { line = 2, character = 10 } });
        var contents = hover.GetProperty("contents");
        Assert.Equal("markdown", contents.GetProperty("kind").GetString());
        var value = contents.GetProperty("value").GetString()!;
        Assert.Contains("PL101", value);
        Assert.Contains("Regions missing", value);
        Assert.Contains("Art. 21", value);
        Assert.Contains("PL101.md)", value);
        Assert.Equal(2, hover.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32());

        var nothing = await _client.RequestAsync("textDocument/hover", new { textDocument = new { uri = Uri() }, position = new { line = 0, character = 2 } });
        Assert.Equal(JsonValueKind.Null, nothing.ValueKind);
    }

    [Fact]
    public async Task Explain_line_says_what_matched_and_why_a_sentence_is_not_a_clause()
    {
        await _client.InitializeAsync();
        await _client.OpenAsync(Uri(), "# Privacy\n\nWe may use your posts to train our AI models.\n\nWith your consent, we use your voice clips to train our speech models.\n");
        await _client.DiagnosticsAsync(Uri(), 1);

        var clause = await _client.RequestAsync("policyLsp/explainLine", new { textDocument = new { uri = Uri() }, line = 2 });
        Assert.Equal(1, clause.GetProperty("sentences").GetInt32());
        var text = clause.GetProperty("markdown").GetString()!;
        Assert.StartsWith("### PolicyLsp: line 3", text, StringComparison.Ordinal);
        Assert.Contains("ai.strongVerbs: \"train\"", text, StringComparison.Ordinal);
        Assert.Contains("=> AI-training clause; carve-out found: []", text, StringComparison.Ordinal);

        var consent = await _client.RequestAsync("policyLsp/explainLine", new { textDocument = new { uri = Uri() }, line = 4 });
        Assert.Contains("=> not an AI-training clause: consent is asked first", consent.GetProperty("markdown").GetString()!, StringComparison.Ordinal);

        var empty = await _client.RequestAsync("policyLsp/explainLine", new { textDocument = new { uri = Uri() }, line = 1 });
        Assert.Equal(0, empty.GetProperty("sentences").GetInt32());
        Assert.Contains("No sentence starts on this line.", empty.GetProperty("markdown").GetString()!, StringComparison.Ordinal);

        var closed = await _client.RequestAsync("policyLsp/explainLine", new { textDocument = new { uri = "file:///nowhere/closed.md" }, line = 0 });
        Assert.Contains("not open", closed.GetProperty("markdown").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Carve_out_quick_fix_resolves_PL101()
    {
        await _client.InitializeAsync();
        await _client.OpenAsync(Uri(), Policy);
        var diagnostic = Single(await _client.DiagnosticsAsync(Uri(), 1), "PL101");
        var actions = await _client.RequestAsync("textDocument/codeAction", new
        {
            textDocument = new { uri = Uri() },
            range = diagnostic.GetProperty("range"),
            context = new { diagnostics = new[] { diagnostic } },
        });
        var carveOut = actions.EnumerateArray().First(a => a.GetProperty("title").GetString()!.Contains("carve-out", StringComparison.Ordinal));
        Assert.Equal("quickfix", carveOut.GetProperty("kind").GetString());
        Assert.True(carveOut.GetProperty("isPreferred").GetBoolean());
        Assert.Equal("PL101", carveOut.GetProperty("diagnostics")[0].GetProperty("code").GetString());

        var edits = carveOut.GetProperty("edit").GetProperty("changes").GetProperty(Uri()).EnumerateArray().ToList();
        Assert.NotEmpty(edits);
        var fixedText = ApplyEdits(Policy, edits);
        Assert.DoesNotContain(PolicyAnalyzer.Analyze(fixedText).Findings, f => f.Code == "PL101");

        var onlyRefactor = await _client.RequestAsync("textDocument/codeAction", new
        {
            textDocument = new { uri = Uri() },
            range = diagnostic.GetProperty("range"),
            context = new { diagnostics = Array.Empty<object>(), only = new[] { "refactor" } },
        });
        Assert.Empty(onlyRefactor.EnumerateArray());
    }

    [Fact]
    public async Task Quick_fixes_come_with_other_tools_diagnostics_in_the_context()
    {
        await _client.InitializeAsync();
        await _client.OpenAsync(Uri(), Policy);
        var diagnostic = Single(await _client.DiagnosticsAsync(Uri(), 1), "PL101");
        var range = diagnostic.GetProperty("range");

        // The client sends every diagnostic it knows at the range: a spell checker's without a code, a linter's
        // with a number for a code and no source.
        var actions = await _client.RequestAsync("textDocument/codeAction", new
        {
            textDocument = new { uri = Uri() },
            range,
            context = new
            {
                diagnostics = new object[]
                {
                    new { range, message = "Unknown word", source = "cSpell" },
                    new { range, message = "Line length", code = 13, severity = 2 },
                    diagnostic,
                },
            },
        });
        Assert.Contains(actions.EnumerateArray(), a => a.GetProperty("title").GetString()!.Contains("carve-out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Document_symbols_nest_clauses_in_sections()
    {
        await _client.InitializeAsync();
        await _client.OpenAsync(Uri(), "# Privacy\n\n## Training\n\nWe may use your posts to train our AI models.\n\n## Contact\n\nWrite to us.\n");
        await _client.DiagnosticsAsync(Uri(), 1);
        var symbols = await _client.RequestAsync("textDocument/documentSymbol", new { textDocument = new { uri = Uri() } });
        var privacy = Assert.Single(symbols.EnumerateArray());
        Assert.Equal("Privacy", privacy.GetProperty("name").GetString());
        Assert.Equal(3, privacy.GetProperty("kind").GetInt32());
        var children = privacy.GetProperty("children").EnumerateArray().ToList();
        Assert.Equal(["Training", "Contact"], children.Select(c => c.GetProperty("name").GetString()));
        var clause = Assert.Single(children[0].GetProperty("children").EnumerateArray());
        Assert.Equal("AI-training clause: We may use your posts to train our AI models.", clause.GetProperty("name").GetString());
        Assert.Equal(24, clause.GetProperty("kind").GetInt32());
        Assert.Equal(4, clause.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task DidClose_publishes_an_empty_list()
    {
        await _client.InitializeAsync();
        await _client.OpenAsync(Uri(), Policy);
        await _client.DiagnosticsAsync(Uri(), 1);
        await _client.NotifyAsync("textDocument/didClose", new { textDocument = new { uri = Uri() } });
        var published = await _client.DiagnosticsAsync(Uri());
        Assert.Empty(published.GetProperty("diagnostics").EnumerateArray());
    }

    [Fact]
    public async Task DidSave_analyses_again()
    {
        await _client.InitializeAsync();
        await _client.OpenAsync(Uri(), Policy, version: 3);
        await _client.DiagnosticsAsync(Uri(), 3);
        File.WriteAllText(Path.Combine(_dir, ".policylsp.json"), "{ \"rules\": { \"PL102\": \"off\" } }");
        await _client.NotifyAsync("textDocument/didSave", new { textDocument = new { uri = Uri() } });
        var published = await _client.DiagnosticsAsync(Uri(), 3);
        Assert.Equal("PL101", Assert.Single(published.GetProperty("diagnostics").EnumerateArray()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Stale_versions_and_unknown_documents_are_ignored()
    {
        await _client.InitializeAsync();
        await _client.OpenAsync(Uri(), Policy, version: 5);
        await _client.DiagnosticsAsync(Uri(), 5);
        await _client.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri = Uri(), version = 4 },
            contentChanges = new object[] { new { text = "# Empty\n" } },
        });
        await _client.NotifyAsync("textDocument/didChange", new
        {
            textDocument = new { uri = Uri("other.md"), version = 1 },
            contentChanges = new object[] { new { text = "# Other\n" } },
        });
        var symbols = await _client.RequestAsync("textDocument/documentSymbol", new { textDocument = new { uri = Uri() } });
        Assert.Equal("Privacy", symbols[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_request_missing_a_required_field_is_an_error_response_and_the_server_stays_up()
    {
        await _client.InitializeAsync();
        var invalid = await Assert.ThrowsAnyAsync<RemoteRpcException>(() =>
            _client.RequestAsync("textDocument/hover", new { position = new { line = 0, character = 0 } }));
        Assert.Equal(-32602, (int)invalid.ErrorCode!);
        var noDocument = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => _client.RequestAsync("policyLsp/explainLine", new { line = 0 }));
        Assert.Equal(-32602, (int)noDocument.ErrorCode!);
        var unknown = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => _client.RequestAsync("textDocument/frobnicate", new { }));
        Assert.Equal(-32601, (int)unknown.ErrorCode);
        await _client.OpenAsync(Uri(), Policy);
        Single(await _client.DiagnosticsAsync(Uri(), 1), "PL101");
    }

    [Fact]
    public async Task Shutdown_then_exit_completes_with_shutdown_requested()
    {
        await _client.InitializeAsync();
        var result = await _client.RequestAsync("shutdown");
        Assert.Equal(JsonValueKind.Null, result.ValueKind);
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => _client.RequestAsync("textDocument/documentSymbol", new { textDocument = new { uri = Uri() } }));
        Assert.Equal(-32600, error.ErrorCode);
        await _client.NotifyAsync("exit");
        await _client.Server.Completion.WaitAsync(LspTestClient.Timeout);
        Assert.True(_client.Server.ShutdownRequested);
    }

    [Fact]
    public async Task Exit_without_shutdown_completes_without_shutdown_requested()
    {
        await _client.InitializeAsync();
        await _client.NotifyAsync("exit");
        await _client.Server.Completion.WaitAsync(LspTestClient.Timeout);
        Assert.False(_client.Server.ShutdownRequested);
    }

    [Fact]
    public async Task Debounced_analysis_publishes_only_the_latest_version()
    {
        using var client = new LspTestClient(TimeSpan.FromSeconds(1));
        await client.InitializeAsync();
        await client.OpenAsync(Uri(), "# Privacy\n\nWe collect your email.\n");
        for (var version = 2; version <= 5; version++)
        {
            await client.NotifyAsync("textDocument/didChange", new
            {
                textDocument = new { uri = Uri(), version },
                contentChanges = new object[] { new { text = version == 5 ? Policy : $"# Privacy v{version}\n" } },
            });
        }

        var published = await client.DiagnosticsAsync(Uri());
        Assert.Equal(5, published.GetProperty("version").GetInt32());
        Single(published, "PL101");
    }

    private static ((int Line, int Character) Start, (int Line, int Character) End) Utf8Range(string text, string code)
    {
        var result = PolicyAnalyzer.Analyze(text);
        var span = result.Findings.First(f => f.Code == code).Span;
        var source = result.Document.Source;
        (int, int) Bytes(int offset)
        {
            var position = source.GetPosition(offset);
            var lineStart = source.LineStart(position.Line);
            return (position.Line, System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(lineStart, offset - lineStart)));
        }

        return (Bytes(span.Start), Bytes(span.End));
    }

    private static object Range(int startLine, int startCharacter, int endLine, int endCharacter) =>
        new { start = new { line = startLine, character = startCharacter }, end = new { line = endLine, character = endCharacter } };

    private static JsonElement Single(JsonElement published, string code) =>
        Assert.Single(published.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString() == code);

    private static (int Line, int Character) Start(JsonElement diagnostic) => Point(diagnostic.GetProperty("range").GetProperty("start"));

    private static (int Line, int Character) End(JsonElement diagnostic) => Point(diagnostic.GetProperty("range").GetProperty("end"));

    private static (int Line, int Character) Point(JsonElement position) =>
        (position.GetProperty("line").GetInt32(), position.GetProperty("character").GetInt32());

    private static string ApplyEdits(string text, IEnumerable<JsonElement> edits)
    {
        var source = new SourceText(text);
        var resolved = edits
            .Select(e =>
            {
                var (line, character) = Point(e.GetProperty("range").GetProperty("start"));
                var (endLine, endCharacter) = Point(e.GetProperty("range").GetProperty("end"));
                return (Start: source.GetOffset(new LinePosition(line, character)), End: source.GetOffset(new LinePosition(endLine, endCharacter)), Text: e.GetProperty("newText").GetString()!);
            })
            .OrderByDescending(e => e.Start)
            .ToList();
        foreach (var edit in resolved)
        {
            text = text[..edit.Start] + edit.Text + text[edit.End..];
        }

        return text;
    }
}
