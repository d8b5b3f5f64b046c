import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import {
  DEFAULT_POLICY_FILES,
  DOTNET_MISSING_MESSAGE,
  RestartPolicy,
  effectivePolicyFiles,
  globToRegExp,
  hasNetRuntime,
  hasPolicyFrontMatter,
  isPolicyDocument,
  matchesPolicyFiles,
  normalizeLogLevel,
  resolveServer,
  ruleCode,
  statusText,
  toServerSettings,
} from '../src/core';

// ---------------------------------------------------------------- policy documents

test('the default globs match policy file names in any folder, case-insensitively', () => {
  for (const p of ['privacy.md', 'legal/privacy-policy.md', 'docs/Terms-of-Service.md', 'cookie-notice.md', 'a/b/c/our-policies.md', 'examples/linkedin-style-2024-draft-privacy.md']) {
    assert.ok(matchesPolicyFiles(DEFAULT_POLICY_FILES, '/ws/' + p, p), p);
  }
  for (const p of ['notes.md', 'README.md', 'privacy.txt', 'privacy.md.bak', 'docs/design.md']) {
    assert.ok(!matchesPolicyFiles(DEFAULT_POLICY_FILES, '/ws/' + p, p), p);
  }
});

test('globs: ** spans folders, * stays in one, braces and classes work', () => {
  assert.ok(globToRegExp('legal/**/*.md').test('legal/a/b/x.md'));
  assert.ok(globToRegExp('legal/**/*.md').test('legal/x.md'));
  assert.ok(!globToRegExp('legal/*.md').test('legal/a/x.md'));
  assert.ok(globToRegExp('*.{md,markdown}').test('x.markdown'));
  assert.ok(globToRegExp('v[0-9].md').test('v1.md'));
  assert.ok(!globToRegExp('v[!0-9].md').test('v1.md'));
  assert.ok(!globToRegExp('a.md').test('a-md'), 'dots are literal');
});

test('absolute paths are tried too, with Windows separators', () => {
  assert.ok(matchesPolicyFiles(['**/*privacy*.md'], 'C:\\Users\\me\\privacy.md'));
  assert.ok(matchesPolicyFiles(['legal/**/*.md'], '/ws/legal/x.md', 'legal/x.md'));
  assert.ok(!matchesPolicyFiles(['legal/**/*.md'], '/ws/other/x.md', 'other/x.md'));
  assert.ok(!matchesPolicyFiles(['', '  '], '/ws/privacy.md', 'privacy.md'));
});

test('front matter: policy: true or a policylsp map marks a policy', () => {
  assert.ok(hasPolicyFrontMatter('---\ntitle: x\npolicy: true\n---\n# Hi'));
  assert.ok(hasPolicyFrontMatter('\uFEFF---\r\npolicy: yes\r\n---\r\n'));
  assert.ok(hasPolicyFrontMatter('---\npolicylsp:\n  regions: [EU]\n---\n'));
  assert.ok(!hasPolicyFrontMatter('---\npolicy: false\n---\n'));
  assert.ok(!hasPolicyFrontMatter('# Title\n\npolicy: true\n'), 'only in front matter');
  assert.ok(!hasPolicyFrontMatter('---\ntitle: x\n---\npolicy: true\n'), 'not after it closes');
  assert.ok(!hasPolicyFrontMatter(''));
});

test('only Markdown policies are documents of ours', () => {
  const doc = (over: Partial<Parameters<typeof isPolicyDocument>[0]>) => ({
    languageId: 'markdown',
    scheme: 'file',
    absolutePath: '/ws/notes.md',
    relativePath: 'notes.md',
    text: '# Notes\n',
    ...over,
  });
  assert.ok(!isPolicyDocument(doc({}), DEFAULT_POLICY_FILES));
  assert.ok(isPolicyDocument(doc({ absolutePath: '/ws/privacy.md', relativePath: 'privacy.md' }), DEFAULT_POLICY_FILES));
  assert.ok(isPolicyDocument(doc({ text: '---\npolicy: true\n---\n' }), DEFAULT_POLICY_FILES));
  assert.ok(isPolicyDocument(doc({ scheme: 'untitled', absolutePath: 'Untitled-1', relativePath: undefined, text: '---\npolicy: true\n---\n' }), DEFAULT_POLICY_FILES));
  assert.ok(!isPolicyDocument(doc({ languageId: 'plaintext', absolutePath: '/ws/privacy.md', relativePath: 'privacy.md' }), DEFAULT_POLICY_FILES));
  assert.ok(!isPolicyDocument(doc({ scheme: 'git', absolutePath: '/ws/privacy.md', relativePath: 'privacy.md' }), DEFAULT_POLICY_FILES), 'only files match by name');
});

test('the policyFiles setting falls back to the default when empty or invalid', () => {
  assert.deepEqual(effectivePolicyFiles(undefined), DEFAULT_POLICY_FILES);
  assert.deepEqual(effectivePolicyFiles([]), DEFAULT_POLICY_FILES);
  assert.deepEqual(effectivePolicyFiles(['', 3]), DEFAULT_POLICY_FILES);
  assert.deepEqual(effectivePolicyFiles(['legal/*.md']), ['legal/*.md']);
});

// ---------------------------------------------------------------- settings mapping

const from = (values: Record<string, unknown>) => (key: string) => values[key];

test('nothing set: the server gets an empty section, so .policylsp.json stays in charge', () => {
  assert.deepEqual(toServerSettings(from({})), { settings: {}, problems: [] });
});

test('set values map to the server keys; readability.maxGrade becomes a nested object', () => {
  const { settings, problems } = toServerSettings(
    from({
      regions: ['EU', ' UK ', ''],
      'readability.maxGrade': 8,
      rules: { PL101: 'error', PL202: 'off', PL102: 'default' },
      terms: { 'ai.specificTerms': ['smart compose'] },
      policyFiles: ['legal/**/*.md'],
      debounceMs: 0,
      language: 'en',
    }),
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, {
    regions: ['EU', 'UK'],
    readability: { maxGrade: 8 },
    rules: { PL101: 'error', PL202: 'off' },
    terms: { 'ai.specificTerms': ['smart compose'] },
    policyFiles: ['legal/**/*.md'],
    language: 'en',
    debounceMs: 0,
  });
});

test('linkRoots is sent only as a list of absolute folders', () => {
  assert.deepEqual(toServerSettings(from({ linkRoots: ['/srv/notices', 'C:\\legal'] })).settings, { linkRoots: ['/srv/notices', 'C:\\legal'] });
  const { settings, problems } = toServerSettings(from({ linkRoots: ['../outside'] }));
  assert.deepEqual(settings, {});
  assert.deepEqual(problems, ['policyLsp.linkRoots must be a list of absolute folder paths; ignored']);
});

test('client-only keys are never sent (the server reports unknown keys)', () => {
  const { settings } = toServerSettings(
    from({ dotnetPath: '/x/dotnet', 'server.path': '/x/policylsp', logLevel: 'debug', trace: { server: 'verbose' }, 'trace.server': 'verbose' }),
  );
  assert.deepEqual(settings, {});
});

test('invalid values are dropped with a problem each', () => {
  const { settings, problems } = toServerSettings(
    from({ regions: 'EU', 'readability.maxGrade': 99, rules: { PL101: 'loud' }, debounceMs: -1, terms: { x: 'y' }, policyFiles: [1] }),
  );
  assert.deepEqual(settings, {});
  assert.equal(problems.length, 6);
  assert.match(problems.join('\n'), /policyLsp\.readability\.maxGrade must be a number from 1 to 30/);
  assert.match(problems.join('\n'), /policyLsp\.debounceMs/);
});

test('compareWith passes "off" and git revisions, and drops what git could read as an option or a path', () => {
  assert.deepEqual(toServerSettings(from({ compareWith: 'main' })).settings, { compareWith: 'main' });
  assert.deepEqual(toServerSettings(from({ compareWith: 'off' })).settings, { compareWith: 'off' });
  assert.deepEqual(toServerSettings(from({ compareWith: 'HEAD~2' })).settings, { compareWith: 'HEAD~2' });
  for (const bad of ['--output=/tmp/x', 'HEAD:secret.md', 'a b', 42]) {
    const { settings, problems } = toServerSettings(from({ compareWith: bad }));
    assert.deepEqual(settings, {});
    assert.match(problems.join('\n'), /policyLsp\.compareWith/);
  }
});

test('log levels are normalised', () => {
  assert.equal(normalizeLogLevel('debug'), 'debug');
  assert.equal(normalizeLogLevel('loud'), 'info');
  assert.equal(normalizeLogLevel(undefined), 'info');
});

// ---------------------------------------------------------------- server path resolution

const EXT = '/ext';
const DLL = path.join(EXT, 'server', 'policylsp.dll');
const base = (files: string[], over: Partial<Parameters<typeof resolveServer>[0]> = {}) => ({
  extensionPath: EXT,
  env: { PATH: '/usr/local/bin:/usr/bin' },
  platform: 'linux',
  homeDir: '/home/me',
  exists: (f: string) => files.includes(f),
  ...over,
});

test('the bundled dll runs with the dotnet on PATH', () => {
  const r = resolveServer(base([DLL, '/usr/bin/dotnet'], { logFile: '/logs/s.log', logLevel: 'debug' }));
  assert.ok(r.ok);
  assert.equal(r.command, '/usr/bin/dotnet');
  assert.deepEqual(r.args, [DLL, 'serve', '--stdio', '--log-level', 'debug', '--log-file', '/logs/s.log']);
});

test('a platform .vsix: the native server runs directly, with no dotnet anywhere', () => {
  const native = path.join(EXT, 'server', 'policylsp');
  const r = resolveServer(base([native], { logLevel: 'debug' }));
  assert.ok(r.ok);
  assert.equal(r.command, native);
  assert.equal(r.dotnet, undefined);
  assert.deepEqual(r.args, ['serve', '--stdio', '--log-level', 'debug']);
});

test('a platform .vsix for Windows ships policylsp.exe; a Linux name there is not taken for it', () => {
  const exe = path.join(EXT, 'server', 'policylsp.exe');
  const r = resolveServer(base([exe], { platform: 'win32' }));
  assert.ok(r.ok);
  assert.equal(r.command, exe);
  const other = resolveServer(base([path.join(EXT, 'server', 'policylsp'), DLL, '/usr/bin/dotnet'], { platform: 'win32', dotnetPath: '/usr/bin/dotnet' }));
  assert.ok(other.ok);
  assert.equal(other.command, '/usr/bin/dotnet');
});

test('policyLsp.server.path wins over the native server shipped with the extension', () => {
  const native = path.join(EXT, 'server', 'policylsp');
  const r = resolveServer(base([native, '/opt/p/policylsp'], { serverPath: '/opt/p/policylsp' }));
  assert.ok(r.ok);
  assert.equal(r.command, '/opt/p/policylsp');
});

test('policyLsp.dotnetPath wins over PATH, with ~ expanded', () => {
  const r = resolveServer(base([DLL, '/usr/bin/dotnet', '/home/me/.dotnet/dotnet'], { dotnetPath: '~/.dotnet/dotnet' }));
  assert.ok(r.ok);
  assert.equal(r.command, '/home/me/.dotnet/dotnet');
});

test('a dotnetPath that does not exist is an error naming the setting', () => {
  const r = resolveServer(base([DLL, '/usr/bin/dotnet'], { dotnetPath: '/nope/dotnet' }));
  assert.ok(!r.ok);
  assert.equal(r.reason, 'dotnet-missing');
  assert.match(r.message, /policyLsp\.dotnetPath is set to "\/nope\/dotnet"/);
});

test('no dotnet anywhere: one message saying what to install and which setting to set', () => {
  const r = resolveServer(base([DLL]));
  assert.ok(!r.ok);
  assert.equal(r.reason, 'dotnet-missing');
  assert.equal(r.message, DOTNET_MISSING_MESSAGE);
  assert.match(r.message, /\.NET 10 runtime/);
  assert.match(r.message, /policyLsp\.dotnetPath/);
});

test('DOTNET_ROOT is a fallback for dotnet', () => {
  const r = resolveServer(base([DLL, '/opt/dn/dotnet'], { env: { PATH: '/usr/bin', DOTNET_ROOT: '/opt/dn' } }));
  assert.ok(r.ok);
  assert.equal(r.command, '/opt/dn/dotnet');
});

test('policyLsp.server.path: an executable runs directly, without dotnet', () => {
  const r = resolveServer(base(['/opt/policylsp/policylsp'], { serverPath: '/opt/policylsp/policylsp' }));
  assert.ok(r.ok);
  assert.equal(r.command, '/opt/policylsp/policylsp');
  assert.deepEqual(r.args, ['serve', '--stdio', '--log-level', 'info']);
});

test('policyLsp.server.path: a dll runs with dotnet', () => {
  const r = resolveServer(base(['/opt/p/policylsp.dll', '/usr/bin/dotnet'], { serverPath: '/opt/p/policylsp.dll' }));
  assert.ok(r.ok);
  assert.equal(r.command, '/usr/bin/dotnet');
  assert.equal(r.args[0], '/opt/p/policylsp.dll');
});

test('policyLsp.server.path that does not exist is reported', () => {
  const r = resolveServer(base([DLL, '/usr/bin/dotnet'], { serverPath: '/nope' }));
  assert.ok(!r.ok);
  assert.equal(r.reason, 'server-missing');
  assert.match(r.message, /policyLsp\.server\.path/);
});

test('a package without server/ is reported', () => {
  const r = resolveServer(base(['/usr/bin/dotnet']));
  assert.ok(!r.ok);
  assert.equal(r.reason, 'server-missing');
});

test('Windows: PATH uses ; and dotnet.exe', () => {
  const r = resolveServer(
    base([path.join(EXT, 'server', 'policylsp.dll'), 'C:\\Program Files\\dotnet\\dotnet.exe'], {
      platform: 'win32',
      env: { Path: 'C:\\Windows;"C:\\Program Files\\dotnet"' },
    }),
  );
  assert.ok(r.ok);
  assert.equal(r.command, 'C:\\Program Files\\dotnet\\dotnet.exe');
});

test('dotnet --list-runtimes: a .NET 10 runtime is required', () => {
  const out9 = 'Microsoft.AspNetCore.App 9.0.1 [/usr/share/dotnet/shared/Microsoft.AspNetCore.App]\nMicrosoft.NETCore.App 9.0.1 [/x]\n';
  assert.ok(!hasNetRuntime(out9));
  assert.ok(hasNetRuntime(out9 + 'Microsoft.NETCore.App 10.0.3 [/x]\n'));
  assert.ok(!hasNetRuntime(''));
});

// ---------------------------------------------------------------- restarts, status, rule codes

test('crash restarts are bounded within a time window', () => {
  const p = new RestartPolicy(3, 1000);
  assert.ok(p.crashed(0));
  assert.ok(p.crashed(10));
  assert.ok(p.crashed(20));
  assert.ok(!p.crashed(30), 'a fourth crash within the window is not restarted');
  assert.ok(p.crashed(5000), 'old crashes age out');
  p.reset();
  assert.equal(p.recentCrashes, 0);
});

test('status bar text', () => {
  assert.match(statusText('starting', undefined), /spin/);
  assert.equal(statusText('running', 3), '$(warning) PolicyLsp: 3 findings');
  assert.equal(statusText('running', 1), '$(warning) PolicyLsp: 1 finding');
  assert.equal(statusText('running', 0), '$(check) PolicyLsp: no findings');
  assert.equal(statusText('running', undefined), '$(shield) PolicyLsp');
  assert.match(statusText('failed', 2), /not running/);
});

test('rule codes from diagnostics', () => {
  assert.equal(ruleCode('PL101'), 'PL101');
  assert.equal(ruleCode({ value: 'pl202', target: {} }), 'PL202');
  assert.equal(ruleCode('MD001'), undefined);
  assert.equal(ruleCode(undefined), undefined);
});

test('the shared table of policy-file cases (tests/policy-files.json) gets the server\'s answers', () => {
  const table = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'tests', 'policy-files.json'), 'utf8')) as {
    cases: { path: string; globs: string[] | null; text: string; policy: boolean }[];
  };
  for (const c of table.cases) {
    const doc = { languageId: 'markdown', scheme: 'file', absolutePath: '/ws/' + c.path, relativePath: c.path, text: c.text };
    assert.equal(isPolicyDocument(doc, c.globs ?? DEFAULT_POLICY_FILES), c.policy, `${c.path} ${JSON.stringify(c.globs)}`);
  }
});
