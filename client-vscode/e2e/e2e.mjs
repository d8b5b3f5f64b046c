// End-to-end test of the packaged extension in a real VS Code: code-server 4.100.3 (VS Code 1.100.3) driven
// headless by Debian's Chromium through playwright-core.
//
//   node e2e.mjs <path/to/policylsp-x.y.z.vsix>
//
// Installs the .vsix into a fresh profile, opens a copy of the repository's examples/ and checks, in the
// workbench UI: the PL101 warning in the Problems panel (message and line), the hover explanation, the
// carve-out quick fix (paragraph inserted, warning gone), that a non-policy Markdown file gets nothing, the
// status bar count, the commands (check all policies, open rule documentation, explain a line), the bounded restart of a
// killed server, and the notification when dotnet cannot be found. Saves screenshots to a temporary folder (to docs/images/ with POLICYLSP_UPDATE_SCREENSHOTS=1). Prints "ok"/"not ok" lines; exits 1 on the first failure.

import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const client = resolve(here, '..');
const repo = resolve(client, '..');
const vsix = resolve(process.argv[2] ?? join(client, `policylsp-${JSON.parse(readFileSync(join(client, 'package.json'), 'utf8')).version}.vsix`));
const draftName = 'linkedin-style-2024-draft.md';
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const codeServer = join(here, 'node_modules', '.bin', 'code-server');
const keep = process.env.E2E_KEEP === '1';

const started = Date.now();
const since = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
let step = 0;
const ok = (what) => console.log(`ok ${++step} - ${what} (${since()})`);

const tmp = mkdtempSync(join(tmpdir(), 'policylsp-e2e-'));
// The README's screenshots are refreshed only on request (POLICYLSP_UPDATE_SCREENSHOTS=1), so a test run leaves the
// checkout as it was.
const images = process.env.POLICYLSP_UPDATE_SCREENSHOTS === '1' ? join(repo, 'docs', 'images') : tmp;
const userData = join(tmp, 'user-data');
const extensions = join(tmp, 'extensions');
const workspace = join(tmp, 'workspace');
const browserProfile = join(tmp, 'chromium');
let serverProcess;
let serverOutput = '';
let context;
let page;

async function cleanup() {
  try {
    await context?.close();
  } catch {
    // The browser is gone already.
  }
  if (serverProcess && serverProcess.exitCode === null) {
    try {
      process.kill(-serverProcess.pid, 'SIGTERM');
    } catch {
      // Already exited.
    }
    await new Promise((r) => setTimeout(r, 500));
    try {
      process.kill(-serverProcess.pid, 'SIGKILL');
    } catch {
      // Already exited.
    }
  }
  if (!keep) {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function findFiles(dir, name, out = []) {
  if (!existsSync(dir)) {
    return out;
  }
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) {
      findFiles(p, name, out);
    } else if (entry === name || (name instanceof RegExp && name.test(entry))) {
      out.push(p);
    }
  }
  return out;
}

async function fail(what, error) {
  console.log(`not ok ${++step} - ${what} (${since()})`);
  console.log(`  # ${String(error?.stack ?? error).split('\n').join('\n  # ')}`);
  try {
    if (page) {
      const shot = join(tmp, 'failure.png');
      await page.screenshot({ path: shot });
      console.log(`  # screenshot: ${shot}`);
    }
  } catch {
    // No page to take.
  }
  console.log('  # --- code-server output (last 3000 chars) ---');
  console.log(serverOutput.slice(-3000).replace(/^/gm, '  # '));
  for (const log of [...findFiles(join(userData, 'logs'), /policylsp.*\.log$/), ...findFiles(join(userData, 'logs'), /PolicyLsp\.log$/)]) {
    console.log(`  # --- ${log} (last 3000 chars) ---`);
    console.log(readFileSync(log, 'utf8').slice(-3000).replace(/^/gm, '  # '));
  }
  await cleanup();
  if (keep) {
    console.log(`  # kept ${tmp}`);
  }
  process.exit(1);
}

async function check(what, fn) {
  try {
    const result = await fn();
    ok(what);
    return result;
  } catch (error) {
    await fail(what, error);
  }
}

const freePort = () =>
  new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });

const norm = (s) => (s ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ');

async function waitFor(what, fn, timeoutMs = 30000, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value) {
        return value;
      }
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

async function command(label) {
  const input = page.locator('.quick-input-widget input');
  // The palette can close again right after it opens when a notification (a server restart's, say) takes the focus:
  // open it afresh, up to three times, rather than wait on an input that is gone.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 10000 });
      await input.fill('>' + label, { timeout: 10000 });
      break;
    } catch (error) {
      if (attempt >= 3) {
        throw error;
      }
      await page.keyboard.press('Escape');
    }
  }
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 10000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10000 });
}

/** Brings an open file's tab to the front (falls back to Quick Open). */
async function showTab(name) {
  const tab = page.locator('.tabs-container .tab', { hasText: name }).first();
  if ((await tab.count()) > 0) {
    await tab.click({ force: true });
    try {
      await page.locator('.tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 5000 });
      return;
    } catch {
      // Use Quick Open below.
    }
  }
  await openFile(name);
}

async function openFile(name) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 15000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 15000 });
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 15000 });
}

async function goToLine(line) {
  // Under load the quick input is sometimes reported visible but not yet editable: close it and open it again.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('Control+G');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10000 });
      await input.fill(`:${line}`, { timeout: 10000 });
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10000 });
      return;
    } catch (error) {
      if (attempt >= 3) {
        throw error;
      }
      await page.keyboard.press('Escape');
    }
  }
}

/** The rows of the Problems panel, as text. */
async function problems() {
  return page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) =>
    rows.map((r) => `${r.getAttribute('aria-label') ?? ''} || ${r.textContent ?? ''}`.replace(/\u00a0/g, ' ')),
  );
}

// ------------------------------------------------------------------------------------------------

if (!existsSync(vsix)) {
  await fail('the .vsix exists', new Error(`${vsix} not found; run "npm run package" in client-vscode first`));
}
if (!existsSync(chromiumPath)) {
  await fail('chromium is installed', new Error(`${chromiumPath} not found (apt-get install -y chromium)`));
}
if (!existsSync(codeServer)) {
  await fail('code-server is installed', new Error(`${codeServer} not found (npm ci in client-vscode/e2e)`));
}

// The server shipped in the package build (server/): native in a platform .vsix (no .NET needed), a dll otherwise.
const nativeServer = join(client, 'server', 'policylsp');
const native = existsSync(nativeServer) && !existsSync(join(client, 'server', 'policylsp.dll'));
const runServer = (args) =>
  native
    ? execFileSync(nativeServer, args, { encoding: 'utf8' })
    : execFileSync('dotnet', [join(client, 'server', 'policylsp.dll'), ...args], { encoding: 'utf8' });
console.log(`# server in the package: ${native ? 'native (server/policylsp)' : 'server/policylsp.dll, run with dotnet'}`);

// What the engine reports for the example.
function engineFindings() {
  let json;
  try {
    json = runServer(['check', '--format', 'json', join(repo, 'examples', draftName)]);
  } catch (error) {
    json = error.stdout; // exit code 1 means "findings"
  }
  return JSON.parse(json).files[0].findings;
}

const findings = await check('the bundled server reports a PL101 with a carve-out fix on the example', () => {
  const all = engineFindings();
  const pl101 = all.find((f) => f.code === 'PL101' && f.fixes.some((x) => x.kind === 'carve-out'));
  if (!pl101) {
    throw new Error('no PL101 with a carve-out fix: ' + JSON.stringify(all.map((f) => f.code)));
  }
  return { all, pl101 };
});
const pl101 = findings.pl101;
const carveOut = pl101.fixes.find((f) => f.kind === 'carve-out');
const insertedText = norm(carveOut.insertions[0].text.trim().split('\n')[0].replace(/\*/g, '')).slice(0, 50);
const pl101Count = findings.all.filter((f) => f.code === 'PL101').length;
const triggers = pl101.triggers.map((t) => `"${t}"`).join(', ');

// A fresh workspace: the examples, a non-policy note that would be flagged if it were a policy, and settings
// that keep the workbench quiet.
mkdirSync(workspace, { recursive: true });
cpSync(join(repo, 'examples'), workspace, { recursive: true });
writeFileSync(
  join(workspace, 'notes.md'),
  '# Meeting notes\n\nWe may use your posts and messages to train our artificial intelligence models.\n\nNo carve-out here on purpose: this file is not a policy, so PolicyLsp must leave it alone.\n',
);
// The workspace is a git repository whose last commit holds the examples: "new since HEAD" has something to compare with.
for (const args of [['init', '-q'], ['add', '.'], ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.test', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'examples']]) {
  execFileSync('git', ['-C', workspace, ...args]);
}
mkdirSync(join(userData, 'User'), { recursive: true });
writeFileSync(
  join(userData, 'User', 'settings.json'),
  JSON.stringify(
    {
      'git.enabled': false,
      'git.openRepositoryInParentFolders': 'never',
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'extensions.ignoreRecommendations': true,
      'update.mode': 'none',
      'markdown.validate.enabled': false,
      'editor.minimap.enabled': false,
      'editor.hover.delay': 200,
      'editor.lightbulb.enabled': 'off',
      'window.commandCenter': false,
      'workbench.colorTheme': 'Default Light Modern',
      'chat.commandCenter.enabled': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
    },
    null,
    2,
  ),
);

const env = {
  ...process.env,
  XDG_CONFIG_HOME: join(tmp, 'xdg-config'),
  XDG_DATA_HOME: join(tmp, 'xdg-data'),
  XDG_CACHE_HOME: join(tmp, 'xdg-cache'),
  DOTNET_CLI_TELEMETRY_OPTOUT: '1',
};

await check(`code-server installs ${vsix.split('/').pop()} into a fresh profile`, () => {
  const out = execFileSync(codeServer, ['--install-extension', vsix, '--user-data-dir', userData, '--extensions-dir', extensions], {
    env,
    encoding: 'utf8',
    timeout: 120000,
  });
  if (!/successfully installed/i.test(out)) {
    throw new Error(out);
  }
  if (!readdirSync(extensions).some((d) => d.startsWith('policylsp.policylsp-'))) {
    throw new Error(`not in ${extensions}: ${readdirSync(extensions).join(', ')}`);
  }
});

const port = await freePort();
await check(`code-server serves the workbench on port ${port}`, async () => {
  serverProcess = spawn(
    codeServer,
    [
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir', userData,
      '--extensions-dir', extensions,
      workspace,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  serverProcess.stdout.on('data', (d) => (serverOutput += d));
  serverProcess.stderr.on('data', (d) => (serverOutput += d));
  await waitFor('code-server /healthz', async () => {
    if (serverProcess.exitCode !== null) {
      throw new Error(`code-server exited with ${serverProcess.exitCode}`);
    }
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    return res.ok;
  }, 60000, 300);
});

await check('Chromium loads the workbench with the workspace', async () => {
  context = await chromium.launchPersistentContext(browserProfile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 860 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60000 });
  await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ state: 'visible', timeout: 60000 });
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
});

await check(`opening ${draftName} starts PolicyLsp and squiggles the AI-training clause`, async () => {
  await openFile(draftName);
  await goToLine(pl101.range.startLine);
  await waitFor('a warning squiggle in the editor', () => page.locator('.editor-group-container.active .squiggly-warning').count(), 60000);
});

await check(`the Problems panel lists PL101 with its message at line ${pl101.range.startLine}; the status bar counts the findings`, async () => {
  await command('View: Focus Problems');
  await waitFor(
    `a PL101 row saying ${triggers} on line ${pl101.range.startLine}`,
    async () =>
      (await problems()).some(
        (r) => r.includes('PL101') && r.includes(pl101.message) && (r.includes(`Ln ${pl101.range.startLine},`) || r.includes(`line ${pl101.range.startLine}`)),
      ),
    20000,
  );
  await page.locator('.editor-group-container.active .monaco-editor').first().click({ position: { x: 400, y: 40 }, force: true });
  await goToLine(pl101.range.startLine);
  await waitFor(
    'the status bar item with the finding count',
    async () => /PolicyLsp: \d+ findings?/.test(norm(await page.locator('.statusbar').textContent())),
    10000,
  );
  mkdirSync(images, { recursive: true });
  await page.screenshot({ path: join(images, 'vscode-squiggle.png') });
});

await check('hovering the squiggle shows the explanation', async () => {
  const squiggle = page.locator('.editor-group-container.active .squiggly-warning').first();
  const box = await squiggle.boundingBox();
  if (box) {
    await page.mouse.move(box.x + Math.min(40, box.width / 2), box.y + box.height / 2);
  }
  let hover = page.locator('.monaco-hover:visible', { hasText: 'Background' });
  try {
    await hover.first().waitFor({ state: 'visible', timeout: 8000 });
  } catch {
    // The mouse missed (decorations move with layout): ask for the hover at the cursor instead.
    await goToLine(pl101.range.startLine);
    await command('Show or Focus Hover');
    hover = page.locator('.monaco-hover:visible', { hasText: 'Background' });
    await hover.first().waitFor({ state: 'visible', timeout: 15000 });
  }
  const text = norm(await hover.first().textContent());
  for (const part of ['PL101', 'Regions missing', 'GDPR']) {
    if (!text.includes(part)) {
      throw new Error(`hover lacks "${part}": ${text.slice(0, 400)}`);
    }
  }
  await page.screenshot({ path: join(images, 'vscode-hover.png') });
  await page.keyboard.press('Escape');
  await page.mouse.move(5, 5);
});

await check(`the quick fix "${carveOut.title}" inserts the paragraph and the PL101 goes away`, async () => {
  await goToLine(pl101.range.startLine);
  await page.keyboard.press('Control+.');
  const item = page.locator('.action-widget .monaco-list-row', { hasText: carveOut.title }).first();
  await item.waitFor({ state: 'visible', timeout: 15000 });
  await page.screenshot({ path: join(images, 'vscode-quickfix.png') });
  // The menu lives in a context view that does not take pointer clicks headless: choose with the keyboard.
  const rows = await page.locator('.action-widget .monaco-list-row.action').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
  const index = rows.findIndex((t) => t.includes(carveOut.title));
  if (index < 0) {
    throw new Error('quick fix not in the menu: ' + rows.join(' | '));
  }
  const focused = await page.locator('.action-widget .monaco-list-row.action').evaluateAll((els) => els.findIndex((e) => e.classList.contains('focused')));
  for (let i = Math.max(focused, 0); i < index; i++) {
    await page.keyboard.press('ArrowDown');
  }
  for (let i = Math.max(focused, 0); i > index; i--) {
    await page.keyboard.press('ArrowUp');
  }
  await page.keyboard.press('Enter');
  await waitFor(
    'the carve-out paragraph in the editor',
    async () => norm(await page.locator('.editor-group-container.active .view-lines').first().textContent()).replace(/\*/g, '').includes(insertedText),
    15000,
  );
  await waitFor(
    `the PL101 (${triggers}) to leave the Problems panel`,
    async () => {
      const rows = await problems();
      return !rows.some((r) => r.includes('PL101') && r.includes(pl101.message)) && rows.filter((r) => r.includes('PL101')).length < pl101Count;
    },
    20000,
  );
});

await check('notes.md holds a clause the server flags when asked directly (so the next check means something)', () => {
  let out = '';
  try {
    out = runServer(['check', join(workspace, 'notes.md')]);
  } catch (error) {
    out = error.stdout ?? '';
  }
  if (!/PL101/.test(out)) {
    throw new Error('expected PL101 from "policylsp check notes.md": ' + out);
  }
});

await check('a non-policy Markdown file (notes.md) gets no diagnostics', async () => {
  await openFile('notes.md');
  // Give the server time to (wrongly) report: policy files get their squiggles well within this.
  await new Promise((r) => setTimeout(r, 5000));
  const squiggles = await page.locator('.editor-group-container.active .monaco-editor [class*="squiggly-"]').count();
  if (squiggles > 0) {
    throw new Error(`${squiggles} squiggles in notes.md`);
  }
  const rows = await problems();
  const notes = rows.filter((r) => r.includes('notes.md'));
  if (notes.length > 0) {
    throw new Error('Problems panel lists notes.md: ' + notes.join(' | '));
  }
});

await check('"PolicyLsp: Check All Policies in the Workspace" reports the 2 policy files (and not notes.md)', async () => {
  await command('PolicyLsp: Check All Policies in the Workspace');
  const toast = page.locator('.notification-toast', { hasText: 'policy file' }).first();
  await toast.waitFor({ state: 'visible', timeout: 30000 });
  const text = norm(await toast.textContent());
  if (!/PolicyLsp: \d+ findings? in 1 of 2 policy files/.test(text)) {
    throw new Error(`unexpected summary: ${text}`);
  }
});

const logsDir = join(userData, 'logs');
const readLogs = (name) => findFiles(logsDir, name).map((f) => readFileSync(f, 'utf8')).join('\n');

await check('a crashed server is restarted by the client and reported in the PolicyLsp output', async () => {
  const pids = [...readLogs('policylsp-server.log').matchAll(/serving over stdio \(pid (\d+)\)/g)].map((m) => Number(m[1]));
  const pid = pids.at(-1);
  if (!pid) {
    throw new Error('no server pid in the server log');
  }
  process.kill(pid, 'SIGKILL'); // the server process this test started (through code-server)
  await waitFor('"restarting it" in the PolicyLsp output log', () => /stopped unexpectedly; restarting it \(1 of at most 5/.test(readLogs('PolicyLsp.log')), 30000);
  await waitFor('a new server process', () => {
    const now = [...readLogs('policylsp-server.log').matchAll(/serving over stdio \(pid (\d+)\)/g)].map((m) => Number(m[1]));
    return now.length > pids.length && now.at(-1) !== pid;
  }, 30000);
  await showTab(draftName);
  await waitFor('the findings back in the status bar', async () => /PolicyLsp: \d+ findings?/.test(norm(await page.locator('.statusbar').textContent())), 30000);
});

// Workspace settings: code-server notices edits to these (it does not watch the user settings file).
const settingsFile = join(workspace, '.vscode', 'settings.json');
mkdirSync(dirname(settingsFile), { recursive: true });
const settings = {};
const serverPids = () => [...readLogs('policylsp-server.log').matchAll(/serving over stdio \(pid (\d+)\)/g)].map((m) => Number(m[1]));

if (native) {
  await check('the running server is the native binary of the .vsix, not dotnet', () => {
    const pid = serverPids().at(-1);
    const exe = readlinkSync(`/proc/${pid}/exe`);
    if (!exe.endsWith('/server/policylsp') || !exe.includes(extensions)) {
      throw new Error(`server pid ${pid} runs ${exe}`);
    }
  });
}

await check(native ? 'with policyLsp.dotnetPath pointing nowhere, the native server still runs (it needs no .NET)' : 'a dotnet that cannot be found gives one notification naming the setting, and the status bar says so', async () => {
  if (native) {
    const before = serverPids().length;
    writeFileSync(settingsFile, JSON.stringify({ ...settings, 'policyLsp.dotnetPath': '/nonexistent/dotnet' }, null, 2));
    await waitFor('a restarted server', () => serverPids().length > before, 30000);
    await waitFor('the findings in the status bar', async () => /PolicyLsp: \d+ findings?/.test(norm(await page.locator('.statusbar').textContent())), 30000);
    return;
  }
  writeFileSync(settingsFile, JSON.stringify({ ...settings, 'policyLsp.dotnetPath': '/nonexistent/dotnet' }, null, 2));
  const toast = page.locator('.notification-toast', { hasText: 'policyLsp.dotnetPath is set to' }).first();
  await toast.waitFor({ state: 'visible', timeout: 30000 });
  const text = norm(await toast.textContent());
  if (!text.includes('.NET 10') || !text.includes('Open Settings')) {
    throw new Error(`unexpected notification: ${text}`);
  }
  await waitFor('"not running" in the status bar', async () => norm(await page.locator('.statusbar').textContent()).includes('PolicyLsp: not running'), 10000);
  await page.screenshot({ path: join(tmp, 'dotnet-missing.png') });
});

await check('clearing the setting starts the server again', async () => {
  // A new server process, then its findings: with a native server the old findings may still be on screen while it restarts.
  const before = serverPids().length;
  writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  await waitFor('a new server process', () => serverPids().length > before, 40000);
  await waitFor('the findings back in the status bar', async () => /PolicyLsp: [1-9]\d* findings?/.test(norm(await page.locator('.statusbar').textContent())), 40000);
});

await check('"PolicyLsp: Open Rule Documentation" on a finding opens its rule page', async () => {
  await showTab(draftName);
  await goToLine(pl101.range.startLine);
  await command('PolicyLsp: Open Rule Documentation');
  // The cursor is on the PL102 that the carve-out fix left: its page opens in the Markdown preview.
  await page.locator('.tabs-container .tab', { hasText: /PL10[12]\.md/ }).first().waitFor({ state: 'visible', timeout: 20000 });
});

await check('"PolicyLsp: Explain This Line" shows what the engine read on the cursor\'s line beside the draft', async () => {
  await showTab(draftName);
  await goToLine(pl101.range.startLine);
  await command('PolicyLsp: Explain This Line');
  // The explanation opens beside the draft, which keeps the focus: look in every editor group.
  await waitFor('the explanation beside the draft', async () => {
    for (const text of await page.locator('.editor-group-container .view-lines').allTextContents()) {
      if (norm(text).includes('PolicyLsp: line') && norm(text).includes('AI-training clause')) {
        return true;
      }
    }
    return false;
  }, 20000);
});

await check('"PolicyLsp: Show Material Changes" reports a clause added since the last commit (PL301) beside the draft', async () => {
  await showTab(draftName);
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('We may also use your voice recordings to train our speech recognition AI models.');
  await waitFor('a PL301 in the Problems panel', async () => (await problems()).some((r) => r.includes('PL301')), 30000);
  await command('PolicyLsp: Show Material Changes');
  await page.locator('.tabs-container .tab', { hasText: /Preview|Untitled/ }).first().waitFor({ state: 'visible', timeout: 20000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(images, 'vscode-material-changes.png') });
});

await cleanup();
console.log(`# e2e passed in ${since()}; screenshots in ${images}${images === tmp && !keep ? " (removed; E2E_KEEP=1 keeps them)" : ""}`);
process.exit(0);
