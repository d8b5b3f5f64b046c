-- End-to-end test of `policylsp serve` driven by Neovim's built-in LSP client (0.7.2 API: no vim.lsp.start).
--
-- Run (scripts/e2e-editors.sh does this):
--   POLICYLSP_SERVER=/path/to/policylsp POLICYLSP_LOG=/tmp/server.log \
--     nvim --headless -u NONE -i NONE -n -c 'luafile tests/e2e/neovim/e2e.lua' examples/linkedin-style-2024-draft.md
--
-- Prints "ok …" / "not ok …" per check on stdout and leaves Neovim with exit code 0 (all passed) or 1.
-- Expected line: `policylsp check examples/linkedin-style-2024-draft.md` reports PL101 at 28:1 (LSP line 27).

local EXPECTED_LINE = tonumber(os.getenv('POLICYLSP_EXPECT_LINE') or '27') -- 0-based
local TIMEOUT = tonumber(os.getenv('POLICYLSP_E2E_TIMEOUT_MS') or '30000')

local failures = 0
local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end
local function check(cond, what, detail)
  if cond then
    out('ok - ' .. what)
  else
    failures = failures + 1
    out('not ok - ' .. what .. (detail and (' # ' .. tostring(detail)) or ''))
  end
  return cond
end

local function finish()
  out(string.format('# neovim: %d failure(s)', failures))
  if failures == 0 then
    vim.cmd('qall!')
  else
    vim.cmd('cquit 1')
  end
end

local function pl101_on(buf, line)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == 'PL101' and d.lnum == line then
      return d
    end
  end
  return nil
end

local function run()
  local server = os.getenv('POLICYLSP_SERVER')
  assert(server and server ~= '', 'POLICYLSP_SERVER is not set')
  local log = os.getenv('POLICYLSP_LOG') or (vim.fn.tempname() .. '-server.log')

  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'markdown' -- -u NONE: no filetype detection
  local uri = vim.uri_from_bufnr(buf)
  check(vim.api.nvim_buf_get_name(buf):match('%.md$') ~= nil, 'buffer holds a Markdown file', vim.api.nvim_buf_get_name(buf))

  local publishes = 0
  local exited = nil
  local cmd = { server, 'serve', '--stdio', '--log-file', log }
  local client_id = vim.lsp.start_client({
    name = 'policylsp',
    cmd = cmd,
    root_dir = vim.fn.getcwd(),
    -- Editor settings (the `policyLsp` section): Neovim 0.8+ and nvim-lspconfig send them in on_init; 0.7 leaves it to us.
    settings = { policyLsp = { rules = { PL101 = 'error' } } },
    on_init = function(c)
      c.notify('workspace/didChangeConfiguration', { settings = c.config.settings })
    end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
        if result and result.uri == uri then
          publishes = publishes + 1
        end
      end,
    },
    on_exit = function(code, signal)
      exited = { code = code, signal = signal }
    end,
  })
  if not check(client_id ~= nil, 'start_client launched ' .. table.concat(cmd, ' ')) then
    return
  end
  check(vim.lsp.buf_attach_client(buf, client_id), 'buf_attach_client')
  local client = vim.lsp.get_client_by_id(client_id)

  -- 1. diagnostics after didOpen
  local t0 = vim.loop.hrtime()
  local got = vim.wait(TIMEOUT, function()
    local d = pl101_on(buf, EXPECTED_LINE)
    return d ~= nil and d.severity == vim.diagnostic.severity.ERROR
  end, 20)
  got = got or pl101_on(buf, EXPECTED_LINE) ~= nil
  check(got, string.format('PL101 published on line %d (%d publish(es), %.0f ms)', EXPECTED_LINE + 1, publishes,
    (vim.loop.hrtime() - t0) / 1e6))
  if not got then
    return
  end
  check(client.initialized, 'client initialized')
  check(client.server_capabilities and client.server_capabilities.hoverProvider, 'server advertises hoverProvider')
  local diag = pl101_on(buf, EXPECTED_LINE)
  check(diag.source == 'policylsp', 'diagnostic source is "policylsp"', diag.source)
  check(diag.message:find('has no carve-out for', 1, true) ~= nil, 'message contains "has no carve-out for"', diag.message)
  check(diag.severity == vim.diagnostic.severity.ERROR, 'severity is error, as the policyLsp.rules setting says',
    diag.severity)
  local lsp_diag = vim.tbl_extend('keep', {
    range = {
      start = { line = diag.lnum, character = diag.col },
      ['end'] = { line = diag.end_lnum, character = diag.end_col },
    },
    message = diag.message,
    source = diag.source,
    code = diag.code,
    severity = vim.lsp.protocol.DiagnosticSeverity.Error,
  }, {})

  -- 2. hover at the diagnostic's start
  local hover, herr = client.request_sync('textDocument/hover', {
    textDocument = { uri = uri },
    position = { line = diag.lnum, character = diag.col },
  }, 10000, buf)
  local contents = hover and hover.result and hover.result.contents
  local value = type(contents) == 'table' and (contents.value or contents[1]) or contents
  check(hover and not hover.err and type(value) == 'string', 'hover answered', herr or (hover and vim.inspect(hover.err)))
  check(type(value) == 'string' and value:find('PL101', 1, true) ~= nil, 'hover markdown mentions PL101',
    type(value) == 'string' and value:sub(1, 80) or nil)
  check(type(contents) == 'table' and contents.kind == 'markdown', 'hover is markdown', contents and contents.kind)

  -- 2b. PolicyLsp's own request: what `policylsp explain` says of the diagnostic's line, and the :PolicyExplain
  -- command the README shows (its floating window)
  local explained, eerr = client.request_sync('policyLsp/explainLine', { textDocument = { uri = uri }, line = diag.lnum }, 10000, buf)
  local md = explained and explained.result and explained.result.markdown
  check(type(md) == 'string' and md:find('=> AI-training clause', 1, true) ~= nil, 'policyLsp/explainLine names the clause on the line',
    eerr or (type(md) == 'string' and md:sub(1, 80)) or (explained and vim.inspect(explained.err)))
  vim.api.nvim_create_user_command('PolicyExplain', function()
    local params = { textDocument = vim.lsp.util.make_text_document_params(), line = vim.api.nvim_win_get_cursor(0)[1] - 1 }
    vim.lsp.buf_request(0, 'policyLsp/explainLine', params, function(_, result)
      if result then vim.lsp.util.open_floating_preview(vim.split(result.markdown, '\n'), 'markdown') end
    end)
  end, {})
  vim.api.nvim_win_set_cursor(0, { diag.lnum + 1, 0 })
  vim.cmd('PolicyExplain')
  local floating = vim.wait(10000, function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= '' then
        local lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
        if table.concat(lines, '\n'):find('PolicyLsp: line', 1, true) then return true end
      end
    end
    return false
  end, 50)
  check(floating, ':PolicyExplain opens the explanation in a floating window')
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then vim.api.nvim_win_close(win, true) end
  end

  -- 3. code action for the diagnostic's range
  local actions, aerr = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = lsp_diag.range,
    context = { diagnostics = { lsp_diag } },
  }, 10000, buf)
  check(actions and not actions.err and type(actions.result) == 'table', 'codeAction answered', aerr)
  local fix
  for _, a in ipairs((actions and actions.result) or {}) do
    if a.kind == 'quickfix' and type(a.title) == 'string' and a.title:find('carve-out', 1, true) and a.edit then
      fix = a
      break
    end
  end
  if not check(fix ~= nil, 'quickfix with "carve-out" in its title', vim.inspect(actions and actions.result)) then
    return
  end
  out('# applying: ' .. fix.title)
  local lines_before = vim.api.nvim_buf_line_count(buf)
  local publishes_before = publishes
  vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
  check(vim.api.nvim_buf_line_count(buf) > lines_before, 'edit inserted lines into the buffer')
  local gone = vim.wait(TIMEOUT, function() return pl101_on(buf, EXPECTED_LINE) == nil end, 20)
  check(gone, 'PL101 on line ' .. (EXPECTED_LINE + 1) .. ' disappears after the fix (didChange → republish)')
  -- (the inserted carve-out also reads as a plain-language disclosure: `policylsp check` on the edited text finds nothing)
  check(publishes > publishes_before, 'a new publishDiagnostics arrived after the edit',
    string.format('%d publish(es) before, %d after', publishes_before, publishes))

  -- 4. document symbols
  local symbols, serr = client.request_sync('textDocument/documentSymbol', { textDocument = { uri = uri } }, 10000, buf)
  check(symbols and not symbols.err and type(symbols.result) == 'table' and #symbols.result > 0,
    'documentSymbol is non-empty', serr or (symbols and #(symbols.result or {})))

  -- 5. a linked regional notice edited in its (unsaved) buffer re-diagnoses the policy that links to it
  local function load(path)
    local b = vim.fn.bufadd(vim.fn.fnamemodify(path, ':p'))
    vim.fn.bufload(b)
    vim.bo[b].filetype = 'markdown'
    vim.lsp.buf_attach_client(b, client_id)
    return b
  end
  local function has_pl101(b)
    for _, d in ipairs(vim.diagnostic.get(b)) do
      if d.code == 'PL101' then
        return true
      end
    end
    return false
  end
  local policy = load('tests/e2e/linked/privacy.md')
  check(vim.wait(TIMEOUT, function() return has_pl101(policy) end, 20),
    'linked: PL101 on the policy while its European notice has no carve-out')
  local notice = load('tests/e2e/linked/eu-notice.md')
  vim.api.nvim_buf_set_lines(notice, 0, 0, false, { '---', 'applies_to: [EU, EEA, UK, CH]', '---' })
  check(vim.bo[notice].modified, 'linked: the notice buffer is edited and not saved')
  check(vim.wait(TIMEOUT, function() return not has_pl101(policy) end, 20),
    'linked: PL101 leaves the policy once the unsaved notice covers EU, EEA, UK and CH')
  vim.api.nvim_buf_set_lines(notice, 0, 3, false, {})
  check(vim.wait(TIMEOUT, function() return has_pl101(policy) end, 20),
    'linked: PL101 returns when the edit is undone')

  -- 6. "new since HEAD": a clause added to the committed example is a PL301 information diagnostic whose hover
  --    quotes the committed version (compareWith defaults to HEAD; the example is committed in the repository)
  local function pl301(b)
    for _, d in ipairs(vim.diagnostic.get(b)) do
      if d.code == 'PL301' then
        return d
      end
    end
    return nil
  end
  check(pl301(buf) == nil, 'since HEAD: no PL301 before the policy gains a new AI-training use')
  local last = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(buf, last, last, false, { '', 'We may also use your voice recordings to train our speech recognition AI models.' })
  local added = vim.wait(TIMEOUT, function() return pl301(buf) ~= nil end, 20)
  check(added, 'since HEAD: PL301 appears on the added clause')
  if added then
    local d = pl301(buf)
    check(d.lnum == last + 1, 'since HEAD: PL301 is on the added line', d.lnum)
    check(d.severity == vim.diagnostic.severity.INFO, 'since HEAD: PL301 is information', d.severity)
    local h = client.request_sync('textDocument/hover', { textDocument = { uri = uri }, position = { line = d.lnum, character = 3 } }, 10000, buf)
    local v = h and h.result and h.result.contents and h.result.contents.value or ''
    check(v:find('PL301', 1, true) ~= nil and v:find('Earlier version, HEAD', 1, true) ~= nil,
      'since HEAD: the hover names the committed version', v:sub(1, 120))
  end

  -- 7. shutdown + exit
  client.stop()
  local stopped = vim.wait(10000, function() return exited ~= nil end, 20)
  check(stopped, 'server process exited after shutdown/exit')
  if stopped then
    check(exited.code == 0 and exited.signal == 0, 'server exited cleanly (code 0, no signal)',
      string.format('code %s signal %s', exited.code, exited.signal))
  end
end

local ok, err = pcall(run)
if not ok then
  check(false, 'test script ran without a Lua error', err)
end
finish()
