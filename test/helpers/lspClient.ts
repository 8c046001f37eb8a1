// A minimal editor for protocol tests: spawns the built server (dist/server.js --stdio),
// speaks JSON-RPC to it, answers its requests, and lets tests wait for diagnostics events.
import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const SERVER = path.join(REPO, 'dist', 'server.js');

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity?: number;
    code?: string | number;
    message: string;
    data?: unknown;
  }[];
}

export const fileUri = (p: string) => pathToFileURL(p).toString();

export class TestClient {
  readonly conn: MessageConnection;
  readonly proc: ChildProcess;
  readonly published: PublishedDiagnostics[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  settings: Record<string, unknown> = {};
  /** Sections answered for a `scopeUri` (a workspace folder's own settings), over `settings`. */
  scopedSettings: Record<string, Record<string, unknown>> = {};
  private waiters: { test: (p: PublishedDiagnostics) => boolean; resolve: (p: PublishedDiagnostics) => void }[] = [];
  private versions = new Map<string, number>();
  stderr = '';

  constructor(args: string[] = ['--stdio']) {
    this.proc = spawn(process.execPath, [SERVER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', d => {
      this.stderr += d;
    });
    this.conn = createMessageConnection(
      new StreamMessageReader(this.proc.stdout!),
      new StreamMessageWriter(this.proc.stdin!),
    );
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      this.published.push(p);
      this.waiters = this.waiters.filter(w => {
        if (w.test(p)) {
          w.resolve(p);
          return false;
        }
        return true;
      });
    });
    this.conn.onNotification((method, params) => {
      this.notifications.push({ method, params });
    });
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string; scopeUri?: string }[] }) =>
      p.items.map(i => {
        const settings = (i.scopeUri && this.scopedSettings[i.scopeUri]) || this.settings;
        return (i.section ? settings[i.section] : settings) ?? null;
      }),
    );
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('workspace/inlayHint/refresh', () => null);
    this.conn.onRequest('workspace/codeLens/refresh', () => null);
    this.conn.listen();
  }

  /** `rootPath` may be several workspace folders. */
  async initialize(
    rootPath?: string | string[],
    settings: Record<string, unknown> = {},
  ): Promise<{ capabilities: Record<string, unknown> }> {
    this.settings = { perfdoc: settings };
    const roots = rootPath === undefined ? [] : ([] as string[]).concat(rootPath);
    const folders = roots.length ? roots.map(r => ({ uri: fileUri(r), name: path.basename(r) })) : null;
    const result = (await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: roots.length ? fileUri(roots[0]) : null,
      workspaceFolders: folders,
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          inlayHint: { refreshSupport: true },
          codeLens: { refreshSupport: true },
          workspaceFolders: true,
        },
        textDocument: {
          publishDiagnostics: { versionSupport: true, relatedInformation: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          inlayHint: {},
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
      },
    })) as { capabilities: Record<string, unknown> };
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the first publish for `uri` matching `test` (earlier ones included), or rejects after `ms`. */
  waitForDiagnostics(
    uri: string,
    test: (p: PublishedDiagnostics) => boolean = () => true,
    ms = 10000,
  ): Promise<PublishedDiagnostics> {
    const seen = this.published.find(p => p.uri === uri && test(p));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching diagnostics for ${uri} within ${ms} ms; last: ${JSON.stringify(this.published.filter(p => p.uri === uri).slice(-1))}\nstderr: ${this.stderr.slice(-2000)}`,
            ),
          ),
        ms,
      );
      this.waiters.push({
        test: p => p.uri === uri && test(p),
        resolve: p => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  /** Opens a document and waits for its first diagnostics. */
  async open(
    filePath: string,
    text: string,
    languageId = filePath.endsWith('.md') ? 'markdown' : 'yaml',
  ): Promise<PublishedDiagnostics> {
    const uri = fileUri(filePath);
    this.versions.set(uri, 1);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return this.waitForDiagnostics(uri, p => p.version === 1);
  }

  /** Replaces the whole text (as a full-range incremental change) and waits for that version's diagnostics. */
  async change(
    filePath: string,
    edits: {
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
      text: string;
    }[],
  ): Promise<PublishedDiagnostics> {
    const uri = fileUri(filePath);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: edits,
    });
    return this.waitForDiagnostics(uri, p => p.version === version);
  }

  /** Answers the server's request `method` with null from now on; the function resolves on its next arrival. */
  nextRequest(method: string): () => Promise<void> {
    let waiters: (() => void)[] = [];
    this.conn.onRequest(method, () => {
      waiters.forEach(w => w());
      waiters = [];
      return null;
    });
    return () => new Promise(resolve => waiters.push(resolve));
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise(r => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    const exited = new Promise(r => this.proc.once('exit', r));
    if (this.proc.exitCode === null) setTimeout(() => this.proc.kill('SIGKILL'), 2000).unref();
    await exited;
    this.conn.dispose();
  }
}

/** Mocha hooks for a protocol suite: each test gets a fresh server initialized on a fresh temp folder. */
export function freshServerPerTest(prefix: string): { client: TestClient; dir: string } {
  const ws = {} as { client: TestClient; dir: string };
  beforeEach(async () => {
    ws.dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    ws.client = new TestClient();
    await ws.client.initialize(ws.dir);
  });
  afterEach(async () => {
    await ws.client.shutdown();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  });
  return ws;
}
