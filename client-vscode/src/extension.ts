import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFile } from 'child_process';
import * as vscode from 'vscode';
import {
  CloseAction,
  DidOpenTextDocumentNotification,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  TransportKind,
  WorkspaceDiagnosticRequest,
  vsdiag,
} from 'vscode-languageclient/node';
import {
  DOTNET_DOWNLOAD_URL,
  RULE_CODES,
  RestartPolicy,
  SECTION,
  SERVER_SETTING_KEYS,
  ServerStatus,
  effectivePolicyFiles,
  hasNetRuntime,
  isPolicyDocument,
  resolveServer,
  ruleCode,
  statusText,
  toServerSettings,
} from './core';

const DIAGNOSTIC_SOURCE = 'policylsp';

/** Settings that need a server restart when they change (the rest is sent to the running server). */
const RESTART_KEYS = ['dotnetPath', 'server.path', 'logLevel', 'policyFiles'];

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let statusItem: vscode.StatusBarItem;
let status: ServerStatus = 'stopped';
let extensionContext: vscode.ExtensionContext;
const restarts = new RestartPolicy(5, 3 * 60 * 1000);
/** Documents the server was told about (didOpen sent). */
const opened = new Set<string>();
let stopping = false;
let dotnetWarningShown = false;

function log(message: string): void {
  output.info(message);
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

function policyFiles(): string[] {
  return effectivePolicyFiles(config().get('policyFiles'));
}

function isPolicy(document: vscode.TextDocument): boolean {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  return isPolicyDocument(
    {
      languageId: document.languageId,
      scheme: document.uri.scheme,
      absolutePath: document.uri.fsPath,
      relativePath: folder ? path.relative(folder.uri.fsPath, document.uri.fsPath) : undefined,
      text: document.getText(new vscode.Range(0, 0, 200, 0)),
    },
    policyFiles(),
  );
}

/** The `policyLsp` section as the server reads it: only what the user set, and only the server's keys. */
function serverSettings(scope?: vscode.Uri): Record<string, unknown> {
  const cfg = vscode.workspace.getConfiguration(SECTION, scope);
  const { settings, problems } = toServerSettings((key) => {
    const inspected = cfg.inspect(key);
    return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
  });
  for (const problem of problems) {
    log(`settings: ${problem}`);
  }
  return settings;
}

function setStatus(next: ServerStatus): void {
  status = next;
  updateStatusBar();
}

function updateStatusBar(): void {
  const editor = vscode.window.activeTextEditor;
  let findings: number | undefined;
  if (editor && editor.document.languageId === 'markdown' && opened.has(editor.document.uri.toString())) {
    findings = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === DIAGNOSTIC_SOURCE).length;
  }
  statusItem.text = statusText(status, findings);
  statusItem.tooltip =
    status === 'running'
      ? findings === undefined
        ? 'PolicyLsp is running. Click to show the Problems panel.'
        : `PolicyLsp: ${findings} finding(s) in this policy. Click to show the Problems panel.`
      : `PolicyLsp server: ${status}. Click to show its output.`;
  statusItem.command = status === 'running' ? 'workbench.actions.view.problems' : 'policyLsp.showOutput';
  if (editor?.document.languageId === 'markdown' || status !== 'running') {
    statusItem.show();
  } else {
    statusItem.hide();
  }
}

function runtimeCheck(dotnet: string): Promise<boolean | undefined> {
  return new Promise((resolve) => {
    execFile(dotnet, ['--list-runtimes'], { timeout: 15000 }, (error, stdout) => {
      if (error) {
        log(`"${dotnet} --list-runtimes" failed: ${error.message}`);
        resolve(undefined);
      } else {
        resolve(hasNetRuntime(stdout, 10));
      }
    });
  });
}

async function notifyMissingDotnet(message: string): Promise<void> {
  log(message);
  if (dotnetWarningShown) {
    return;
  }
  dotnetWarningShown = true;
  const choice = await vscode.window.showErrorMessage(message, 'Download .NET', 'Open Settings');
  if (choice === 'Download .NET') {
    await vscode.env.openExternal(vscode.Uri.parse(DOTNET_DOWNLOAD_URL));
  } else if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'policyLsp.dotnetPath');
  }
}

/** A native server unpacked from a .vsix may have lost its executable bit: give it back (owner, group, others may run it). */
function ensureExecutable(file: string): void {
  if (process.platform === 'win32') {
    return;
  }
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    try {
      fs.chmodSync(file, fs.statSync(file).mode | 0o555);
      log(`made ${file} executable`);
    } catch (error) {
      log(`cannot make ${file} executable: ${(error as Error).message}`);
    }
  }
}

async function startClient(): Promise<void> {
  setStatus('starting');
  const cfg = config();
  const logDir = extensionContext.logUri.fsPath;
  try {
    fs.mkdirSync(logDir, { recursive: true });
  } catch {
    // The server falls back to its own default log file.
  }
  const resolution = resolveServer({
    serverPath: cfg.get<string>('server.path'),
    dotnetPath: cfg.get<string>('dotnetPath'),
    extensionPath: extensionContext.extensionPath,
    env: process.env,
    platform: process.platform,
    homeDir: os.homedir(),
    logLevel: cfg.get<string>('logLevel'),
    logFile: path.join(logDir, 'policylsp-server.log'),
    exists: (file) => fs.existsSync(file),
  });
  if (!resolution.ok) {
    setStatus('failed');
    if (resolution.reason === 'dotnet-missing') {
      await notifyMissingDotnet(resolution.message);
    } else {
      log(resolution.message);
      void vscode.window.showErrorMessage(resolution.message, 'Open Settings').then((choice) => {
        if (choice) {
          void vscode.commands.executeCommand('workbench.action.openSettings', 'policyLsp.server.path');
        }
      });
    }
    return;
  }
  if (resolution.dotnet) {
    const hasRuntime = await runtimeCheck(resolution.dotnet);
    if (hasRuntime === false) {
      setStatus('failed');
      await notifyMissingDotnet(
        `PolicyLsp needs the .NET 10 runtime, but "${resolution.dotnet}" has none (see "dotnet --list-runtimes"). ` +
          `Install it from ${DOTNET_DOWNLOAD_URL} (or e.g. \`sudo apt-get install dotnet-runtime-10.0\`), or set ` +
          '`policyLsp.dotnetPath` to a dotnet that has it, then run "PolicyLsp: Restart Server".',
      );
      return;
    }
  }
  if (!resolution.dotnet) {
    ensureExecutable(resolution.command);
  }
  log(`starting the server: ${resolution.command} ${resolution.args.join(' ')}`);

  const serverOptions: ServerOptions = {
    command: resolution.command,
    args: resolution.args,
    transport: TransportKind.stdio,
    options: { env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' } },
  };

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'markdown', scheme: 'file' },
      { language: 'markdown', scheme: 'untitled' },
    ],
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    diagnosticPullOptions: {
      onChange: true,
      onSave: true,
      filter: (document) => !opened.has(document.uri.toString()),
    },
    errorHandler: {
      error: (error, _message, count) => {
        log(`connection error (${count ?? 1}): ${error.message}`);
        return { action: (count ?? 1) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
      },
      closed: () => {
        opened.clear();
        if (stopping) {
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        if (restarts.crashed(Date.now())) {
          log(`the server stopped unexpectedly; restarting it (${restarts.recentCrashes} of at most ${restarts.max} restarts in 3 minutes)`);
          setStatus('starting');
          return { action: CloseAction.Restart, handled: true };
        }
        const message = `The PolicyLsp server crashed ${restarts.recentCrashes} times in 3 minutes and was not restarted. See the "PolicyLsp" output, then run "PolicyLsp: Restart Server".`;
        log(message);
        setStatus('failed');
        return { action: CloseAction.DoNotRestart, message, handled: false };
      },
    },
    middleware: {
      didOpen: async (document, next) => {
        if (!isPolicy(document)) {
          return;
        }
        opened.add(document.uri.toString());
        await next(document);
        updateStatusBar();
      },
      didChange: async (event, next) => {
        const key = event.document.uri.toString();
        if (opened.has(key)) {
          return next(event);
        }
        // A Markdown file that just became a policy (e.g. `policy: true` added to its front matter).
        if (client && isPolicy(event.document)) {
          opened.add(key);
          await client.sendNotification(DidOpenTextDocumentNotification.type, {
            textDocument: {
              uri: client.code2ProtocolConverter.asUri(event.document.uri),
              languageId: event.document.languageId,
              version: event.document.version,
              text: event.document.getText(),
            },
          });
        }
      },
      willSave: (event, next) => (opened.has(event.document.uri.toString()) ? next(event) : Promise.resolve()),
      didSave: async (document, next) => {
        if (opened.has(document.uri.toString())) {
          await next(document);
        }
      },
      didClose: async (document, next) => {
        if (opened.delete(document.uri.toString())) {
          await next(document);
        }
      },
      provideDiagnostics: (document, previousResultId, token, next) => {
        if (!(document instanceof vscode.Uri) && !opened.has(document.uri.toString())) {
          return { kind: vsdiag.DocumentDiagnosticReportKind.full, items: [] };
        }
        return next(document, previousResultId, token);
      },
      provideHover: (document, position, token, next) => (opened.has(document.uri.toString()) ? next(document, position, token) : undefined),
      provideCodeActions: (document, range, context, token, next) =>
        opened.has(document.uri.toString()) ? next(document, range, context, token) : [],
      provideDocumentSymbols: (document, token, next) => (opened.has(document.uri.toString()) ? next(document, token) : []),
      workspace: {
        configuration: async (params, token, next) => {
          const answered = await next(params, token);
          if (!Array.isArray(answered)) {
            return answered;
          }
          return params.items.map((item, i) =>
            item.section === SECTION ? serverSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : answered[i],
          );
        },
      },
    },
  };

  const created = new LanguageClient('policyLsp', 'PolicyLsp', serverOptions, clientOptions);
  client = created;
  created.onDidChangeState((event) => {
    if (event.newState === State.Running) {
      setStatus('running');
      log('the server is running');
    } else if (event.newState === State.Starting) {
      setStatus('starting');
    } else if (event.newState === State.Stopped && status !== 'failed') {
      setStatus(stopping ? 'stopped' : 'starting');
    }
  });
  try {
    await created.start();
  } catch (error) {
    setStatus('failed');
    const message = `The PolicyLsp server did not start: ${(error as Error).message}`;
    log(message);
    void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
      if (choice) {
        output.show(true);
      }
    });
  }
}

async function stopClient(): Promise<void> {
  const current = client;
  client = undefined;
  if (!current) {
    return;
  }
  stopping = true;
  try {
    await current.stop(5000);
  } catch (error) {
    log(`stopping the server: ${(error as Error).message}`);
  } finally {
    stopping = false;
    opened.clear();
  }
}

async function restartClient(): Promise<void> {
  log('restarting the server');
  restarts.reset();
  dotnetWarningShown = false;
  await stopClient();
  await startClient();
}

async function checkWorkspace(): Promise<void> {
  if (!client || status !== 'running') {
    void vscode.window.showWarningMessage('The PolicyLsp server is not running. Run "PolicyLsp: Restart Server" or see its output.');
    return;
  }
  const current = client;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'PolicyLsp: checking the policies in the workspace…', cancellable: true },
    async (_progress, token) => {
      const report = await current.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] }, token);
      let files = 0;
      let withFindings = 0;
      let findings = 0;
      for (const item of report.items) {
        if (item.kind !== 'full') {
          continue;
        }
        files++;
        findings += item.items.length;
        if (item.items.length > 0) {
          withFindings++;
        }
      }
      log(`workspace check: ${findings} finding(s) in ${withFindings} of ${files} policy file(s)`);
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      void vscode.window.showInformationMessage(
        files === 0
          ? 'PolicyLsp: no policy files found in the workspace (see the policyLsp.policyFiles setting).'
          : `PolicyLsp: ${findings} finding${findings === 1 ? '' : 's'} in ${withFindings} of ${files} policy file${files === 1 ? '' : 's'}.`,
      );
    },
  );
}

async function openRuleDocs(arg?: unknown): Promise<void> {
  let code = ruleCode(arg);
  if (!code) {
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      const here = vscode.languages
        .getDiagnostics(editor.document.uri)
        .find((d) => d.source === DIAGNOSTIC_SOURCE && d.range.contains(editor.selection.active));
      code = ruleCode(here?.code);
    }
  }
  if (!code) {
    const picked = await vscode.window.showQuickPick(
      RULE_CODES.map((c) => ({ label: c })),
      { placeHolder: 'Which rule?' },
    );
    code = picked?.label;
  }
  if (!code) {
    return;
  }
  const page = vscode.Uri.file(path.join(extensionContext.extensionPath, 'server', 'docs', 'rules', `${code}.md`));
  if (fs.existsSync(page.fsPath)) {
    await vscode.commands.executeCommand('markdown.showPreview', page);
  } else {
    void vscode.window.showWarningMessage(`PolicyLsp: the page for ${code} is missing from the extension (${page.fsPath}).`);
  }
}

/**
 * Sends one of the server's own requests about the active policy and opens the Markdown it answers beside the policy
 * (as a preview when asked); `what` names the request in the messages.
 */
async function showBeside(what: string, method: string, params: (editor: vscode.TextEditor) => object, preview: boolean): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !client) {
    void vscode.window.showInformationMessage(`PolicyLsp: open a policy (with the server running) to see ${what}.`);
    return;
  }
  try {
    const answer = await client.sendRequest<{ markdown: string }>(method, params(editor));
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: answer.markdown });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    if (preview) {
      await vscode.commands.executeCommand('markdown.showPreview', document.uri);
    }
  } catch (error) {
    output.error(`${what}: ${String(error)}`);
    void vscode.window.showWarningMessage(`PolicyLsp: could not compute ${what} (${String(error)}).`);
  }
}

/** "PolicyLsp: Show Material Changes": the server's Markdown report of what the active policy changes since `compareWith`, beside it. */
function showMaterialChanges(): Promise<void> {
  return showBeside('its material changes', 'policyLsp/materialChanges', (editor) => ({ textDocument: { uri: editor.document.uri.toString() } }), true);
}

/**
 * "PolicyLsp: Explain This Line": what the engine matched in the sentences that start on the cursor's line, the clauses
 * found, and why a sentence with clause words is not a clause (the server's `policyLsp/explainLine`), beside the policy.
 */
function explainLine(): Promise<void> {
  return showBeside(
    'the explanation of a line',
    'policyLsp/explainLine',
    (editor) => ({ textDocument: { uri: editor.document.uri.toString() }, line: editor.selection.active.line }),
    false,
  );
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionContext = context;
  output = vscode.window.createOutputChannel('PolicyLsp', { log: true });
  statusItem = vscode.window.createStatusBarItem('policyLsp.status', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'PolicyLsp';
  context.subscriptions.push(output, statusItem);

  context.subscriptions.push(
    vscode.commands.registerCommand('policyLsp.checkWorkspace', () => checkWorkspace()),
    vscode.commands.registerCommand('policyLsp.restartServer', () => restartClient()),
    vscode.commands.registerCommand('policyLsp.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('policyLsp.openRuleDocs', (code?: unknown) => openRuleDocs(code)),
    vscode.commands.registerCommand('policyLsp.showMaterialChanges', () => showMaterialChanges()),
    vscode.commands.registerCommand('policyLsp.explainLine', () => explainLine()),
    vscode.window.onDidChangeActiveTextEditor(() => updateStatusBar()),
    vscode.languages.onDidChangeDiagnostics(() => updateStatusBar()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SECTION)) {
        return;
      }
      if (RESTART_KEYS.some((key) => event.affectsConfiguration(`${SECTION}.${key}`))) {
        void restartClient();
      } else if (client && status === 'running') {
        void client.sendNotification('workspace/didChangeConfiguration', { settings: { [SECTION]: serverSettings() } });
      }
    }),
  );
  log(`PolicyLsp ${context.extension.packageJSON.version} activating (settings keys sent to the server: ${SERVER_SETTING_KEYS.join(', ')})`);
  await startClient();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
