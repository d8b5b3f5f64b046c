// The extension's own logic, free of the `vscode` module so that `node --test` can exercise it:
// which documents are policies, what the server gets as its `policyLsp` settings, how the server
// is started, and when a crashed server is restarted.

import * as path from 'path';

export const SECTION = 'policyLsp';

export const DEFAULT_POLICY_FILES = ['**/*{privacy,policy,policies,terms,notice,cookie}*.md'];

// rules:begin (generated from the rule descriptors by tools/PolicyLsp.Generator)
export const RULE_CODES = ['PL101', 'PL102', 'PL201', 'PL202', 'PL301', 'PL302', 'PL303', 'PL304', 'PL305'] as const;
// rules:end

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'error'] as const;

// ---------------------------------------------------------------------------------------------
// Policy documents

/** Converts a glob (`**`, `*`, `?`, `{a,b}`, `[abc]`) into an anchored, case-insensitive regular expression. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let inGroup = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more folders; a trailing `**` matches everything.
        if (glob[i + 2] === '/') {
          re += '(?:.*/)?';
          i += 2;
        } else {
          re += '.*';
          i += 1;
        }
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '{') {
      inGroup++;
      re += '(?:';
    } else if (c === '}' && inGroup > 0) {
      inGroup--;
      re += ')';
    } else if (c === ',' && inGroup > 0) {
      re += '|';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end > i + 1) {
        let body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) {
          body = '^' + body.slice(1);
        }
        re += '[' + body + ']';
        i = end;
      } else {
        re += '\\[';
      }
    } else if (c === '\\' || c === '/') {
      re += '/';
    } else {
      re += c.replace(/[.+^$()|\]]/g, '\\$&');
    }
  }
  return new RegExp('^' + re + '$', 'i');
}

/** Normalises a path to forward slashes (globs are written with `/`). */
export function slashes(p: string): string {
  return p.replace(/\\/g, '/');
}

/**
 * Whether a file path matches one of the policy-file globs. `relativePath` is the path inside its workspace
 * folder when there is one; the absolute path is also tried, so `**`-prefixed globs match files outside folders.
 */
export function matchesPolicyFiles(globs: readonly string[], absolutePath: string, relativePath?: string): boolean {
  const candidates = [relativePath, absolutePath].filter((p): p is string => !!p).map(slashes);
  for (const glob of globs) {
    if (typeof glob !== 'string' || glob.trim() === '') {
      continue;
    }
    const pattern = slashes(glob.trim());
    const re = globToRegExp(pattern);
    // A glob without a folder part ("*privacy*.md") also matches the file name alone, as on the server.
    const names = pattern.includes('/') ? [] : candidates.map((p) => p.slice(p.lastIndexOf('/') + 1));
    if (candidates.some((p) => re.test(p) || re.test(p.replace(/^\/+/, ''))) || names.some((n) => re.test(n))) {
      return true;
    }
  }
  return false;
}

/**
 * Whether Markdown text opens with YAML front matter that marks it as a policy: `policy: true` (or yes/on),
 * or a `policylsp:` map of settings — the same test the server's `policylsp check` uses.
 */
export function hasPolicyFrontMatter(text: string): boolean {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split(/\r?\n/);
  if (lines.length < 2 || lines[0].trim() !== '---') {
    return false;
  }
  for (let i = 1; i < lines.length && i < 200; i++) {
    const line = lines[i];
    if (line.trim() === '---' || line.trim() === '...') {
      return false;
    }
    if (/^policy\s*:\s*["']?(true|yes|on)["']?\s*(#.*)?$/i.test(line)) {
      return true;
    }
    if (/^policylsp\s*:/i.test(line)) {
      return true;
    }
  }
  return false;
}

export interface DocumentInfo {
  languageId: string;
  scheme: string;
  absolutePath: string;
  relativePath?: string;
  text: string;
}

/** The extension's document filter: Markdown whose path matches `policyFiles` or whose front matter says it is a policy. */
export function isPolicyDocument(doc: DocumentInfo, policyFiles: readonly string[]): boolean {
  if (doc.languageId !== 'markdown') {
    return false;
  }
  if ((doc.scheme === 'file' || doc.scheme === 'vscode-remote') && matchesPolicyFiles(policyFiles, doc.absolutePath, doc.relativePath)) {
    return true;
  }
  return hasPolicyFrontMatter(doc.text);
}

// ---------------------------------------------------------------------------------------------
// Settings sent to the server

/** Keys of the `policyLsp` section the server reads (dotted as in settings.json). */
export const SERVER_SETTING_KEYS = [
  'regions',
  'readability.maxGrade',
  'rules',
  'terms',
  'policyFiles',
  'language',
  'docsBaseUrl',
  'linkRoots',
  'debounceMs',
  'compareWith',
] as const;

const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'];

export interface SettingsMapping {
  /** The object to answer `workspace/configuration` for the `policyLsp` section with. */
  settings: Record<string, unknown>;
  /** Values dropped because the server would reject them. */
  problems: string[];
}

/**
 * Builds the server's `policyLsp` section from the settings the user actually set (`explicit(key)` returns
 * undefined for a key left at its default): unset keys are left out so that `.policylsp.json` stays in
 * charge of them. Client-only keys (dotnetPath, server.path, logLevel, trace) are never sent — the server
 * reports unknown keys.
 */
export function toServerSettings(explicit: (key: string) => unknown): SettingsMapping {
  const settings: Record<string, unknown> = {};
  const problems: string[] = [];
  const bad = (key: string, what: string) => problems.push(`${SECTION}.${key} ${what}; ignored`);

  const regions = explicit('regions');
  if (regions !== undefined && regions !== null) {
    if (Array.isArray(regions) && regions.every((r) => typeof r === 'string')) {
      settings.regions = regions.map((r) => r.trim()).filter((r) => r !== '');
    } else {
      bad('regions', 'must be a list of region ids');
    }
  }

  const maxGrade = explicit('readability.maxGrade');
  if (maxGrade !== undefined && maxGrade !== null) {
    if (typeof maxGrade === 'number' && Number.isFinite(maxGrade) && maxGrade >= 1 && maxGrade <= 30) {
      settings.readability = { maxGrade };
    } else {
      bad('readability.maxGrade', 'must be a number from 1 to 30');
    }
  }

  const rules = explicit('rules');
  if (rules !== undefined && rules !== null) {
    if (typeof rules === 'object' && !Array.isArray(rules)) {
      const out: Record<string, unknown> = {};
      for (const [rule, value] of Object.entries(rules as Record<string, unknown>)) {
        if (value === null || value === undefined || value === 'default') {
          continue;
        }
        if (typeof value === 'string' && SEVERITIES.includes(value)) {
          out[rule] = value;
        } else if (typeof value === 'boolean') {
          out[rule] = value;
        } else if (typeof value === 'object' && !Array.isArray(value)) {
          out[rule] = value;
        } else {
          bad(`rules.${rule}`, `must be one of ${SEVERITIES.join(', ')}`);
        }
      }
      if (Object.keys(out).length > 0) {
        settings.rules = out;
      }
    } else {
      bad('rules', 'must be an object of rule → severity');
    }
  }

  const terms = explicit('terms');
  if (terms !== undefined && terms !== null) {
    if (typeof terms === 'object' && !Array.isArray(terms)) {
      const out: Record<string, string[]> = {};
      for (const [list, phrases] of Object.entries(terms as Record<string, unknown>)) {
        if (Array.isArray(phrases) && phrases.every((p) => typeof p === 'string')) {
          out[list] = phrases as string[];
        } else {
          bad(`terms.${list}`, 'must be a list of phrases');
        }
      }
      if (Object.keys(out).length > 0) {
        settings.terms = out;
      }
    } else {
      bad('terms', 'must be an object of term list → phrases');
    }
  }

  const policyFiles = explicit('policyFiles');
  if (policyFiles !== undefined && policyFiles !== null) {
    if (Array.isArray(policyFiles) && policyFiles.every((g) => typeof g === 'string')) {
      settings.policyFiles = policyFiles;
    } else {
      bad('policyFiles', 'must be a list of globs');
    }
  }

  for (const key of ['language', 'docsBaseUrl']) {
    const value = explicit(key);
    if (value !== undefined && value !== null && value !== '') {
      if (typeof value === 'string') {
        settings[key] = value;
      } else {
        bad(key, 'must be a string');
      }
    }
  }

  const linkRoots = explicit('linkRoots');
  if (linkRoots !== undefined && linkRoots !== null) {
    const absolute = (r: unknown) => typeof r === 'string' && (r.startsWith('/') || /^[A-Za-z]:[\\/]/.test(r));
    if (Array.isArray(linkRoots) && linkRoots.every(absolute)) {
      if (linkRoots.length > 0) {
        settings.linkRoots = linkRoots;
      }
    } else {
      bad('linkRoots', 'must be a list of absolute folder paths');
    }
  }

  const debounce = explicit('debounceMs');
  if (debounce !== undefined && debounce !== null) {
    if (typeof debounce === 'number' && Number.isFinite(debounce) && debounce >= 0 && debounce <= 60000) {
      settings.debounceMs = debounce;
    } else {
      bad('debounceMs', 'must be a number of milliseconds from 0 to 60000');
    }
  }

  const compareWith = explicit('compareWith');
  if (compareWith !== undefined && compareWith !== null) {
    // "off", or a git revision that git cannot read as an option or a path (the server checks the same).
    if (typeof compareWith === 'string' && (compareWith === 'off' || /^[^\s:\-\x00-\x1f][^\s:\x00-\x1f]{0,255}$/.test(compareWith))) {
      settings.compareWith = compareWith;
    } else {
      bad('compareWith', 'must be "off" or a git revision such as "HEAD" or "main"');
    }
  }

  return { settings, problems };
}

/** The policy-file globs the client filters documents with: the setting when it is a non-empty list of globs, else the default. */
export function effectivePolicyFiles(value: unknown): string[] {
  if (Array.isArray(value)) {
    const globs = value.filter((g): g is string => typeof g === 'string' && g.trim() !== '');
    if (globs.length > 0) {
      return globs;
    }
  }
  return [...DEFAULT_POLICY_FILES];
}

export function normalizeLogLevel(value: unknown): string {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value) ? value : 'info';
}

// ---------------------------------------------------------------------------------------------
// Starting the server

export interface ResolveInput {
  /** `policyLsp.server.path`: a policylsp executable, or a policylsp.dll to run with dotnet. */
  serverPath?: string;
  /** `policyLsp.dotnetPath`: the dotnet executable. */
  dotnetPath?: string;
  /**
   * Where the extension is installed: `server/policylsp` (`policylsp.exe` on Windows), a native server that needs no
   * .NET, in a platform-specific .vsix; `server/policylsp.dll`, run with dotnet, in the universal one.
   */
  extensionPath: string;
  env: Record<string, string | undefined>;
  platform: string;
  homeDir?: string;
  logLevel?: string;
  logFile?: string;
  exists: (file: string) => boolean;
}

export type Resolution =
  | { ok: true; command: string; args: string[]; dotnet?: string; description: string }
  | { ok: false; reason: 'dotnet-missing' | 'server-missing'; message: string };

export const DOTNET_DOWNLOAD_URL = 'https://dotnet.microsoft.com/download/dotnet/10.0';

export const DOTNET_MISSING_MESSAGE =
  'PolicyLsp needs the .NET 10 runtime, and no `dotnet` was found. Install the .NET 10 runtime (' +
  DOTNET_DOWNLOAD_URL +
  ', or e.g. `sudo apt-get install dotnet-runtime-10.0`), or set `policyLsp.dotnetPath` to your dotnet ' +
  'executable (or `policyLsp.server.path` to a self-contained policylsp), then run "PolicyLsp: Restart Server".';

function expandHome(p: string, home?: string): string {
  if (home && (p === '~' || p.startsWith('~/') || p.startsWith('~\\'))) {
    return path.join(home, p.slice(1));
  }
  return p;
}

/** Finds an executable on PATH (and `DOTNET_ROOT` for dotnet); undefined when none. */
export function findOnPath(name: string, input: Pick<ResolveInput, 'env' | 'platform' | 'exists'>): string | undefined {
  const windows = input.platform === 'win32';
  const pathVar = input.env.PATH ?? input.env.Path ?? '';
  const dirs = pathVar.split(windows ? ';' : ':').filter((d) => d !== '');
  const names = windows ? [name + '.exe', name + '.cmd', name] : [name];
  const join = windows ? path.win32.join : path.posix.join;
  for (const dir of dirs) {
    for (const n of names) {
      const candidate = join(dir.replace(/^"(.*)"$/, '$1'), n);
      if (input.exists(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

function findDotnet(input: ResolveInput): { dotnet?: string; error?: string } {
  const configured = input.dotnetPath?.trim();
  if (configured) {
    const p = expandHome(configured, input.homeDir);
    if (input.exists(p)) {
      return { dotnet: p };
    }
    return {
      error:
        `policyLsp.dotnetPath is set to "${configured}", which does not exist. Point it at your dotnet executable, ` +
        `or clear it to use the dotnet on PATH (install the .NET 10 runtime from ${DOTNET_DOWNLOAD_URL}).`,
    };
  }
  const onPath = findOnPath('dotnet', input);
  if (onPath) {
    return { dotnet: onPath };
  }
  const root = input.env.DOTNET_ROOT;
  if (root) {
    const candidate = (input.platform === 'win32' ? path.win32 : path.posix).join(root, input.platform === 'win32' ? 'dotnet.exe' : 'dotnet');
    if (input.exists(candidate)) {
      return { dotnet: candidate };
    }
  }
  return { error: DOTNET_MISSING_MESSAGE };
}

/** Decides how to start the server: a configured executable or dll, or the dll shipped in the extension run by dotnet. */
export function resolveServer(input: ResolveInput): Resolution {
  const serveArgs = ['serve', '--stdio', '--log-level', normalizeLogLevel(input.logLevel)];
  if (input.logFile) {
    serveArgs.push('--log-file', input.logFile);
  }

  const configured = input.serverPath?.trim();
  let dll: string;
  if (configured) {
    const p = expandHome(configured, input.homeDir);
    if (!input.exists(p)) {
      return {
        ok: false,
        reason: 'server-missing',
        message: `policyLsp.server.path is set to "${configured}", which does not exist. Point it at a policylsp executable or policylsp.dll, or clear it to use the server shipped with the extension.`,
      };
    }
    if (!p.toLowerCase().endsWith('.dll')) {
      return { ok: true, command: p, args: serveArgs, description: `${p} (policyLsp.server.path)` };
    }
    dll = p;
  } else {
    const native = path.join(input.extensionPath, 'server', input.platform === 'win32' ? 'policylsp.exe' : 'policylsp');
    if (input.exists(native)) {
      return { ok: true, command: native, args: serveArgs, description: `${native} (native, shipped with the extension)` };
    }
    dll = path.join(input.extensionPath, 'server', 'policylsp.dll');
    if (!input.exists(dll)) {
      return {
        ok: false,
        reason: 'server-missing',
        message: `The PolicyLsp server is missing from the extension (${dll}). Reinstall the extension, or set policyLsp.server.path to a policylsp executable.`,
      };
    }
  }

  const { dotnet, error } = findDotnet(input);
  if (!dotnet) {
    return { ok: false, reason: 'dotnet-missing', message: error ?? DOTNET_MISSING_MESSAGE };
  }
  return { ok: true, command: dotnet, args: [dll, ...serveArgs], dotnet, description: `${dotnet} ${dll}` };
}

/** Whether `dotnet --list-runtimes` output lists a Microsoft.NETCore.App runtime of at least `major`. */
export function hasNetRuntime(listRuntimesOutput: string, major = 10): boolean {
  for (const line of listRuntimesOutput.split(/\r?\n/)) {
    const m = /^Microsoft\.NETCore\.App\s+(\d+)\./.exec(line.trim());
    if (m && Number(m[1]) >= major) {
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Crash restarts

/** Allows at most `max` restarts within `windowMs`; the client stops restarting a server that keeps crashing. */
export class RestartPolicy {
  private readonly crashes: number[] = [];

  constructor(
    readonly max = 5,
    readonly windowMs = 3 * 60 * 1000,
  ) {}

  /** Records a crash at `now`; true when the server may be restarted. */
  crashed(now: number): boolean {
    this.crashes.push(now);
    while (this.crashes.length > 0 && now - this.crashes[0] > this.windowMs) {
      this.crashes.shift();
    }
    return this.crashes.length <= this.max;
  }

  get recentCrashes(): number {
    return this.crashes.length;
  }

  reset(): void {
    this.crashes.length = 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Status bar

export type ServerStatus = 'starting' | 'running' | 'stopped' | 'failed';

/** The status bar text: server state, and the active policy's finding count when one is shown. */
export function statusText(status: ServerStatus, findings: number | undefined): string {
  switch (status) {
    case 'starting':
      return '$(sync~spin) PolicyLsp';
    case 'stopped':
      return '$(debug-stop) PolicyLsp: stopped';
    case 'failed':
      return '$(error) PolicyLsp: not running';
    default:
      if (findings === undefined) {
        return '$(shield) PolicyLsp';
      }
      return findings === 0 ? '$(check) PolicyLsp: no findings' : `$(warning) PolicyLsp: ${findings} finding${findings === 1 ? '' : 's'}`;
  }
}

/** A rule code from a diagnostic code (string, number or `{ value }`), when it is one of ours. */
export function ruleCode(code: unknown): string | undefined {
  const value = typeof code === 'object' && code !== null && 'value' in code ? (code as { value: unknown }).value : code;
  const s = typeof value === 'string' || typeof value === 'number' ? String(value).toUpperCase() : undefined;
  return s && (RULE_CODES as readonly string[]).includes(s) ? s : undefined;
}
