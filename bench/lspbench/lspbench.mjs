#!/usr/bin/env node
// lspbench: spawn an LSP server over stdio and time the things an editor waits for.
// See README.md for usage and for what each figure means.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, readdirSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import jsonrpc from 'vscode-jsonrpc/node.js';

const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = jsonrpc;

export const HARNESS_VERSION = '0.1.0+perfdoc.2'; // lspbench 0.1.0 and perfdoc's additions (README.md, History)
const EXIT = { OK: 0, USAGE: 1, TIMEOUT: 2, PROTOCOL: 3, EXPECT: 4 };
const SYNC_NAMES = ['none', 'full', 'incremental'];
const now = () => performance.now();
const sleep = ms => new Promise(r => setTimeout(r, Math.max(0, ms)));
const r2 = x => (x == null || Number.isNaN(x) ? null : Math.round(x * 100) / 100);

export class BenchError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind; // 'usage' | 'timeout' | 'protocol' | 'expect'
  }
}

// ---------------------------------------------------------------- helpers

/** Shell-like split of a command line (quotes and backslashes; no expansion). */
export function splitCommand(cmd) {
  const out = [];
  let cur = '';
  let inTok = false;
  let q = null;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i];
    if (q === "'") {
      if (c === "'") q = null;
      else cur += c;
      continue;
    }
    if (q === '"') {
      if (c === '"') q = null;
      else if (c === '\\' && i + 1 < cmd.length && '"\\$`'.includes(cmd[i + 1])) cur += cmd[++i];
      else cur += c;
      continue;
    }
    if (c === "'" || c === '"') {
      q = c;
      inTok = true;
    } else if (c === '\\' && i + 1 < cmd.length) {
      cur += cmd[++i];
      inTok = true;
    } else if (/\s/.test(c)) {
      if (inTok) out.push(cur);
      cur = '';
      inTok = false;
    } else {
      cur += c;
      inTok = true;
    }
  }
  if (q) throw new BenchError('usage', `unterminated ${q} quote in --server`);
  if (inTok) out.push(cur);
  return out;
}

function medianSorted(s) {
  const n = s.length;
  if (!n) return null;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
/** Nearest-rank percentile on a sorted array. */
function nearestRank(s, q) {
  if (!s.length) return null;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
export function summarize(samples) {
  if (!samples || !samples.length) return null;
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: r2(medianSorted(s)),
    p95: r2(nearestRank(s, 0.95)),
    max: r2(s[s.length - 1]),
    min: r2(s[0]),
  };
}
export function median(values) {
  const v = values.filter(x => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  return r2(medianSorted(v));
}

function withTimeout(promise, ms, what) {
  let timer;
  const t = new Promise((_, rej) => {
    timer = setTimeout(() => rej(new BenchError('timeout', `timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

let CLK_TCK = 100;
try {
  CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  /* keep 100 */
}

function readProc(pid) {
  const res = { pid, vmHWMKiB: null, vmRSSKiB: null, cpuMs: null };
  try {
    const t = readFileSync(`/proc/${pid}/status`, 'utf8');
    const g = k => {
      const m = t.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm'));
      return m ? Number(m[1]) : null;
    };
    res.vmHWMKiB = g('VmHWM');
    res.vmRSSKiB = g('VmRSS');
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' '); // f[k-3] is field k of proc(5)
    res.cpuMs = ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
  } catch {
    /* process gone or not Linux */
  }
  return res;
}

function descendantsOf(pid) {
  const parent = new Map();
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const d of entries) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const st = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* raced with exit */
    }
  }
  const out = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift();
    for (const [c, pp] of parent)
      if (pp === p) {
        out.push(c);
        queue.push(c);
      }
  }
  return out;
}

const uriKey = u => {
  try {
    return u.startsWith('file:') ? path.resolve(fileURLToPath(u)) : u;
  } catch {
    return u;
  }
};

// ------------------------------------------------------------- settings

function loadJsonWithVars(file, vars) {
  let text = readFileSync(file, 'utf8');
  for (const [k, v] of Object.entries(vars)) text = text.split('${' + k + '}').join(JSON.stringify(v).slice(1, -1));
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new BenchError('usage', `cannot parse JSON ${file}: ${e.message}`);
  }
}

/** VS Code style flat keys ("yaml.validate": true) become nested objects; "[yaml]" keys stay. */
export function expandDotted(obj) {
  const out = {};
  for (const [k, v] of Object.entries(obj ?? {})) {
    if (k.startsWith('[') || !k.includes('.')) {
      out[k] =
        v && typeof v === 'object' && !Array.isArray(v) && out[k] && typeof out[k] === 'object'
          ? { ...out[k], ...v }
          : v;
      continue;
    }
    const parts = k.split('.');
    let cur = out;
    for (const p of parts.slice(0, -1)) {
      if (!cur[p] || typeof cur[p] !== 'object') cur[p] = {};
      cur = cur[p];
    }
    cur[parts[parts.length - 1]] = v;
  }
  return out;
}

export function lookupSection(settings, section) {
  if (!settings) return null;
  if (section == null || section === '') return settings;
  if (Object.prototype.hasOwnProperty.call(settings, section)) return settings[section];
  let cur = settings;
  for (const part of section.split('.')) {
    if (cur && typeof cur === 'object' && Object.prototype.hasOwnProperty.call(cur, part)) cur = cur[part];
    else return null;
  }
  return cur ?? null;
}

// --------------------------------------------------------- capabilities

function clientCapabilities(pull) {
  const caps = {
    general: {
      positionEncodings: ['utf-16'],
      staleRequestSupport: { cancel: true, retryOnContentModified: [] },
      regularExpressions: { engine: 'ECMAScript', version: 'ES2020' },
      markdown: { parser: 'marked', version: '1.1.0' },
    },
    window: {
      workDoneProgress: true,
      showMessage: { messageActionItem: { additionalPropertiesSupport: true } },
      showDocument: { support: false },
    },
    workspace: {
      applyEdit: true,
      workspaceEdit: {
        documentChanges: true,
        resourceOperations: ['create', 'rename', 'delete'],
        failureHandling: 'textOnlyTransactional',
        normalizesLineEndings: true,
      },
      didChangeConfiguration: { dynamicRegistration: true },
      didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
      symbol: { dynamicRegistration: true },
      executeCommand: { dynamicRegistration: true },
      configuration: true,
      workspaceFolders: true,
      semanticTokens: { refreshSupport: true },
      codeLens: { refreshSupport: true },
      inlayHint: { refreshSupport: true },
      inlineValue: { refreshSupport: true },
    },
    textDocument: {
      synchronization: { dynamicRegistration: true, willSave: false, willSaveWaitUntil: false, didSave: true },
      publishDiagnostics: {
        relatedInformation: true,
        versionSupport: true,
        tagSupport: { valueSet: [1, 2] },
        codeDescriptionSupport: true,
        dataSupport: true,
      },
      hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
      completion: {
        dynamicRegistration: true,
        contextSupport: true,
        completionItem: {
          snippetSupport: true,
          documentationFormat: ['markdown', 'plaintext'],
          insertReplaceSupport: true,
          labelDetailsSupport: true,
        },
      },
      codeAction: {
        dynamicRegistration: true,
        isPreferredSupport: true,
        disabledSupport: true,
        dataSupport: true,
        resolveSupport: { properties: ['edit'] },
        codeActionLiteralSupport: {
          codeActionKind: {
            valueSet: [
              '',
              'quickfix',
              'refactor',
              'refactor.extract',
              'refactor.inline',
              'refactor.rewrite',
              'source',
              'source.organizeImports',
            ],
          },
        },
      },
      inlayHint: {
        dynamicRegistration: true,
        resolveSupport: { properties: ['tooltip', 'textEdits', 'label.tooltip', 'label.location', 'label.command'] },
      },
      documentSymbol: { dynamicRegistration: true, hierarchicalDocumentSymbolSupport: true },
      formatting: { dynamicRegistration: true },
      rangeFormatting: { dynamicRegistration: true },
      onTypeFormatting: { dynamicRegistration: true },
      definition: { dynamicRegistration: true, linkSupport: true },
      foldingRange: { dynamicRegistration: true, lineFoldingOnly: true },
      selectionRange: { dynamicRegistration: true },
      documentLink: { dynamicRegistration: true, tooltipSupport: true },
      codeLens: { dynamicRegistration: true },
      rename: { dynamicRegistration: true, prepareSupport: true },
    },
  };
  if (pull) {
    caps.textDocument.diagnostic = { dynamicRegistration: true, relatedDocumentSupport: false };
    caps.workspace.diagnostics = { refreshSupport: true };
  }
  return caps;
}

function syncKindOf(caps) {
  const s = caps?.textDocumentSync;
  if (typeof s === 'number') return s;
  if (s && typeof s === 'object') return typeof s.change === 'number' ? s.change : 0;
  return 0;
}

// ------------------------------------------------------------ document

const LANG_BY_EXT = {
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
  '.jsonc': 'jsonc',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.ts': 'typescript',
  '.md': 'markdown',
  '.toml': 'toml',
  '.py': 'python',
};

/** Finds the line nearest the middle whose value starts with a number ("key: 40ms", "- 3"). */
export function findEditTarget(lines, preferLine0) {
  const re = /^(\s*(?:-\s+)?(?:[^\s:#][^:#]*:\s+)?["']?)(\d+)/;
  const fallback = /^(\D*?)(\d+)/;
  const order = [];
  if (preferLine0 != null) order.push(preferLine0);
  else {
    const mid = Math.floor(lines.length / 2);
    for (let d = 0; d < lines.length; d++) {
      if (mid + d < lines.length) order.push(mid + d);
      if (d && mid - d >= 0) order.push(mid - d);
    }
  }
  for (const pattern of preferLine0 != null ? [re, fallback] : [re]) {
    for (const l of order) {
      const m = pattern.exec(lines[l] ?? '');
      if (m && (pattern === fallback || /:\s|^\s*-\s/.test(lines[l])))
        return { line: l, col: m[1].length, value: m[2] };
    }
  }
  if (preferLine0 == null) {
    for (const l of order) {
      const m = fallback.exec(lines[l]);
      if (m) return { line: l, col: m[1].length, value: m[2] };
    }
  }
  return null;
}

// ------------------------------------------------------------- session

class Session {
  constructor(opts, doc, runIndex) {
    this.o = opts;
    this.doc = doc;
    this.runIndex = runIndex;
    this.stderrTail = '';
    this.lastMsgT = 0;
    this.reqCounts = {};
    this.notifCounts = {};
    this.registrations = [];
    this.dynSyncKind = null;
    this.publishes = []; // {t, version, n}
    this.unmatched = 0;
    this.waiter = null;
    this.lastDiag = null;
    this.publishedUris = new Set(); // every URI the server published for (workspace indexing)
    this.lastAnyPublishT = 0;
    this.firstNotificationT = {};
    this.ready = new Promise(r => (this.resolveReady = r));
    this.shuttingDown = false;
    this.fatal = new Promise((_, rej) => (this.rejectFatal = rej));
    this.fatal.catch(() => {});
  }

  fail(err) {
    if (this.failed) return;
    this.failed = err;
    this.rejectFatal(err);
  }

  race(p, what, ms = this.o.timeout) {
    return Promise.race([withTimeout(p, ms, what), this.fatal]);
  }

  log(msg) {
    if (this.o.verbose) process.stderr.write(`[lspbench run ${this.runIndex + 1}] ${msg}\n`);
  }

  start() {
    const argv = splitCommand(this.o.server);
    if (!argv.length) throw new BenchError('usage', '--server is empty');
    this.argv = argv;
    const child = spawn(argv[0], argv.slice(1), {
      cwd: this.o.serverCwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: process.env,
    });
    this.child = child;
    this.pid = child.pid;
    child.on('error', e => this.fail(new BenchError('protocol', `cannot run server '${argv[0]}': ${e.message}`)));
    child.stdin.on('error', () => {}); // EPIPE after a crash is reported via 'exit'
    child.stderr.on('data', d => {
      this.stderrTail = (this.stderrTail + d).slice(-4000);
      if (this.o.verbose) process.stderr.write(`[server stderr] ${d}`);
    });
    child.on('exit', (code, signal) => {
      this.exitInfo = { code, signal };
      if (!this.shuttingDown)
        this.fail(
          new BenchError('protocol', `server exited unexpectedly (code ${code}, signal ${signal})${this.tail()}`),
        );
    });
    const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.conn = conn;
    conn.onNotification('textDocument/publishDiagnostics', p => {
      this.lastMsgT = now();
      this.onPublish(p);
    });
    conn.onNotification((method, params) => {
      this.lastMsgT = now();
      this.notifCounts[method] = (this.notifCounts[method] ?? 0) + 1;
      this.firstNotificationT[method] ??= this.lastMsgT;
      if (this.o.ready && method === this.o.ready.method && String(params?.message ?? '').includes(this.o.ready.text))
        this.resolveReady(this.lastMsgT);
      if (method === 'window/logMessage' || method === 'window/showMessage')
        this.log(`${method}: ${String(params?.message).slice(0, 300)}`);
    });
    conn.onRequest((method, params) => {
      this.lastMsgT = now();
      this.reqCounts[method] = (this.reqCounts[method] ?? 0) + 1;
      return this.answer(method, params);
    });
    conn.onError(([err]) =>
      this.fail(new BenchError('protocol', `JSON-RPC stream error: ${err?.message ?? err}${this.tail()}`)),
    );
    conn.onClose(() => {
      // Give the 'exit' event a moment so the message can carry the exit code.
      setTimeout(() => {
        if (!this.shuttingDown) this.fail(new BenchError('protocol', `connection closed by server${this.tail()}`));
      }, 200);
    });
    conn.listen();
  }

  tail() {
    const t = this.stderrTail.trim();
    return t ? `\n--- server stderr (tail) ---\n${t.slice(-1500)}` : '';
  }

  answer(method, params) {
    switch (method) {
      case 'workspace/configuration':
        return (params?.items ?? []).map(it => lookupSection(this.o.settings, it.section) ?? null);
      case 'client/registerCapability':
        for (const reg of params?.registrations ?? []) {
          this.registrations.push(reg.method);
          if (reg.method === 'textDocument/didChange' && typeof reg.registerOptions?.syncKind === 'number')
            this.dynSyncKind = reg.registerOptions.syncKind;
          if (reg.method === 'textDocument/diagnostic') this.dynPull = true;
        }
        return null;
      case 'workspace/workspaceFolders':
        return [{ uri: this.o.rootUri, name: path.basename(this.o.root) }];
      case 'workspace/applyEdit':
        return { applied: false, failureReason: 'lspbench does not apply edits' };
      case 'window/showDocument':
        return { success: false };
      // client/unregisterCapability, window/workDoneProgress/create, window/showMessageRequest,
      // workspace/*/refresh and anything unknown: null is a valid, non-blocking answer.
      default:
        return null;
    }
  }

  onPublish(p) {
    // One arrival time for every figure of this publish: two now() calls put the "last publish
    // of any document" a fraction of a millisecond before the document's own.
    const t = now();
    this.publishedUris.add(uriKey(p.uri));
    this.lastAnyPublishT = t;
    if (uriKey(p.uri) !== this.doc.key) return;
    const ev = { t, version: typeof p.version === 'number' ? p.version : null, items: p.diagnostics ?? [] };
    this.publishes.push({ t: ev.t, version: ev.version, n: ev.items.length });
    this.lastDiag = ev;
    this.lastPublishT = ev.t;
    if (this.waiter && this.waiter.pred(ev)) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve(ev);
    } else {
      this.unmatched++;
    }
  }

  waitDiag(pred) {
    return new Promise(resolve => (this.waiter = { pred, resolve }));
  }

  /** Resolves once `getLast()` is at least `ms` in the past; gives up (returns false) after the timeout. */
  async waitQuiet(ms, getLast) {
    const t0 = now();
    for (;;) {
      const idle = now() - Math.max(getLast() ?? 0, t0);
      if (idle >= ms) return true;
      if (now() - t0 > this.o.timeout) return false;
      await Promise.race([sleep(ms - idle + 1), this.fatal]);
    }
  }

  async request(method, params, what) {
    try {
      return await this.race(this.conn.sendRequest(method, params), what);
    } catch (e) {
      if (e instanceof BenchError) throw e;
      throw new BenchError(
        'protocol',
        `${method} failed: ${e?.code != null ? `[${e.code}] ` : ''}${e?.message ?? e}${this.tail()}`,
      );
    }
  }

  async pullDiagnostics() {
    const res = await this.request(
      'textDocument/diagnostic',
      { textDocument: { uri: this.doc.uri }, identifier: this.pullIdentifier, previousResultId: this.prevResultId },
      'textDocument/diagnostic',
    );
    if (res?.resultId) this.prevResultId = res.resultId;
    if (res?.kind === 'full') this.lastDiag = { t: now(), version: null, items: res.items ?? [] };
    return res;
  }

  async run() {
    const o = this.o;
    const doc = this.doc;
    const out = { run: this.runIndex + 1 };
    this.start();
    const tInit = now();
    const init = await this.request(
      'initialize',
      {
        processId: process.pid,
        clientInfo: { name: 'lspbench', version: HARNESS_VERSION },
        locale: 'en',
        rootPath: o.root,
        rootUri: o.rootUri,
        workspaceFolders: [{ uri: o.rootUri, name: path.basename(o.root) }],
        capabilities: clientCapabilities(o.diagMode === 'pull'),
        initializationOptions: o.initOptions ?? undefined,
        trace: 'off',
      },
      'initialize response',
    );
    out.initMs = r2(now() - tInit);
    const caps = init?.capabilities ?? {};
    this.caps = caps;
    this.serverInfo = init?.serverInfo ?? null;
    this.pullIdentifier = caps.diagnosticProvider?.identifier;
    await this.conn.sendNotification('initialized', {});
    if (o.settings) await this.conn.sendNotification('workspace/didChangeConfiguration', { settings: o.settings });

    // Let the server pull configuration / register capabilities before the document opens,
    // otherwise the first diagnostics may be computed without settings (e.g. no schema).
    const settled = await this.waitQuiet(o.settleMs, () => this.lastMsgT);
    out.settleMs = r2(now() - tInit - out.initMs);
    if (!settled) out.warnings = [...(out.warnings ?? []), 'server never went quiet before didOpen'];

    const syncKind = o.sync === 'full' ? 1 : o.sync === 'incremental' ? 2 : (this.dynSyncKind ?? syncKindOf(caps));
    out.textDocumentSync = SYNC_NAMES[syncKind] ?? String(syncKind);
    const pull = o.diagMode === 'pull';
    if (pull && !caps.diagnosticProvider && !this.dynPull)
      throw new BenchError('protocol', 'pull diagnostics requested but the server has no diagnosticProvider');

    // ---- didOpen -> first diagnostics
    let text = doc.text;
    let version = 1;
    let tFirstDiag;
    const tOpen = now();
    this.unmatched = 0;
    const openWait = pull ? null : this.waitDiag(ev => ev.version == null || ev.version >= 1);
    await this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: doc.uri, languageId: o.languageId, version, text },
    });
    if (pull) {
      await this.pullDiagnostics();
      tFirstDiag = now();
      out.openToDiagMs = r2(tFirstDiag - tOpen);
      out.openDiagnostics = this.lastDiag?.items.length ?? 0;
    } else {
      const ev = await this.race(openWait, `first textDocument/publishDiagnostics after didOpen of ${doc.uri}`);
      tFirstDiag = ev.t;
      out.openToDiagMs = r2(ev.t - tOpen);
      out.openDiagnostics = ev.items.length;
      await this.waitQuiet(o.pauseMs, () => this.lastPublishT);
      out.openPublishes = this.publishes.length;
      out.openToLastDiagMs = r2(this.lastPublishT - tOpen);
    }
    if (o.workspace) {
      // The document was opened right after `initialized`, while the server may still be
      // indexing the workspace: these figures count from the `initialize` request.
      out.initToFirstDiagMs = r2(tFirstDiag - tInit);
      if (!pull) out.initToSettledDiagMs = r2(this.lastPublishT - tInit);
      await this.waitQuiet(o.pauseMs, () => this.lastAnyPublishT);
      out.initToLastPublishAnyMs = this.lastAnyPublishT ? r2(this.lastAnyPublishT - tInit) : null;
      out.publishedUris = this.publishedUris.size;
    }
    if (o.ready) {
      // A server that never says it is ready still has its other figures reported.
      const readyT = await this.race(this.ready, `${o.readyNotification} notification`).catch(e => {
        if (e?.kind !== 'timeout') throw e;
        out.warnings = [...(out.warnings ?? []), e.message];
        return null;
      });
      out.initToReadyMs = readyT == null ? null : r2(readyT - tInit);
    }
    out.firstNotificationMs = Object.fromEntries(
      Object.entries(this.firstNotificationT).map(([m, t]) => [m, r2(t - tInit)]),
    );
    out.diagnostics = this.lastDiag?.items.length ?? 0;
    out.diagnosticsSample = (this.lastDiag?.items ?? []).slice(0, 3).map(d => ({
      line: d.range?.start?.line + 1,
      col: d.range?.start?.character + 1,
      severity: d.severity,
      source: d.source,
      message: String(d.message).slice(0, 200),
    }));
    if (o.minDiags != null && out.diagnostics < o.minDiags)
      throw new BenchError('expect', `expected >= ${o.minDiags} diagnostics after open, got ${out.diagnostics}`);
    if (o.maxDiags != null && out.diagnostics > o.maxDiags)
      throw new BenchError(
        'expect',
        `expected <= ${o.maxDiags} diagnostics after open, got ${out.diagnostics}: ${JSON.stringify(out.diagnosticsSample)}`,
      );

    // ---- edits -> diagnostics
    const edit = doc.editTarget;
    if (o.edits > 0 && syncKind === 0) out.editsSkipped = 'server declares textDocumentSync None';
    else if (o.edits > 0 && !edit) out.editsSkipped = 'no numeric value found to edit';
    else if (o.edits > 0) {
      const lat = [];
      const settledLat = [];
      let versioned = 0;
      let extra = 0;
      const orig = Number(edit.value);
      let cur = edit.value;
      const lineStart = doc.lineStarts[edit.line];
      for (let i = 0; i < o.edits; i++) {
        const next = String(i % 2 === 0 ? orig + 1 : orig);
        const startOff = lineStart + edit.col;
        text = text.slice(0, startOff) + next + text.slice(startOff + cur.length);
        version++;
        const change =
          syncKind === 2
            ? {
                range: {
                  start: { line: edit.line, character: edit.col },
                  end: { line: edit.line, character: edit.col + cur.length },
                },
                rangeLength: cur.length,
                text: next,
              }
            : { text };
        cur = next;
        const v = version;
        this.unmatched = 0;
        const wait = pull ? null : this.waitDiag(ev => ev.version == null || ev.version >= v);
        const t = now();
        await this.conn.sendNotification('textDocument/didChange', {
          textDocument: { uri: doc.uri, version: v },
          contentChanges: [change],
        });
        if (pull) {
          await this.pullDiagnostics();
          lat.push(now() - t);
        } else {
          const ev = await this.race(wait, `publishDiagnostics after edit ${i + 1} (version ${v})`);
          lat.push(ev.t - t);
          if (ev.version != null) versioned++;
          await this.waitQuiet(o.pauseMs, () => this.lastPublishT);
          settledLat.push(this.lastPublishT - t); // last publish before the quiet window
          extra += this.unmatched; // stale versions + repeats after the matching publish
        }
      }
      out.editToDiag = summarize(lat);
      out.editSamplesMs = lat.map(r2);
      if (!pull) {
        out.editToSettledDiag = summarize(settledLat);
        out.versionedDiagnostics = versioned === o.edits ? 'all' : versioned ? 'some' : 'none';
        out.extraPublishesDuringEdits = extra;
      }
      out.diagnosticsAfterEdits = this.lastDiag?.items.length ?? 0;
    }

    // ---- hover / code action / inlay hints on the settled document
    const pos = doc.hoverPos;
    if (o.hovers > 0 && caps.hoverProvider) {
      const lat = [];
      let nonEmpty = 0;
      let first = null;
      for (let i = 0; i < o.hovers; i++) {
        const t = now();
        const res = await this.request(
          'textDocument/hover',
          { textDocument: { uri: doc.uri }, position: pos },
          `hover #${i + 1}`,
        );
        lat.push(now() - t);
        if (res && res.contents && JSON.stringify(res.contents).length > 2) {
          nonEmpty++;
          first ??= res.contents;
        }
      }
      out.hover = { ...summarize(lat), nonEmpty, sample: first == null ? null : JSON.stringify(first).slice(0, 160) };
    } else if (o.hovers > 0) out.hover = 'unsupported';

    const lineRange = {
      start: { line: pos.line, character: 0 },
      end: { line: pos.line, character: doc.lines[pos.line]?.length ?? 0 },
    };
    if (o.codeActions > 0 && caps.codeActionProvider) {
      const onLine = (this.lastDiag?.items ?? []).filter(
        d => d.range && d.range.start.line <= pos.line && d.range.end.line >= pos.line,
      );
      const lat = [];
      let results = 0;
      for (let i = 0; i < o.codeActions; i++) {
        const t = now();
        const res = await this.request(
          'textDocument/codeAction',
          { textDocument: { uri: doc.uri }, range: lineRange, context: { diagnostics: onLine, triggerKind: 1 } },
          `codeAction #${i + 1}`,
        );
        lat.push(now() - t);
        results = Array.isArray(res) ? res.length : 0;
      }
      out.codeAction = { ...summarize(lat), results };
    } else if (o.codeActions > 0) out.codeAction = 'unsupported';

    if (o.inlayHints > 0 && caps.inlayHintProvider) {
      const last = doc.lines.length - 1;
      const range = { start: { line: 0, character: 0 }, end: { line: last, character: doc.lines[last].length } };
      const lat = [];
      let results = 0;
      for (let i = 0; i < o.inlayHints; i++) {
        const t = now();
        const res = await this.request(
          'textDocument/inlayHint',
          { textDocument: { uri: doc.uri }, range },
          `inlayHint #${i + 1}`,
        );
        lat.push(now() - t);
        results = Array.isArray(res) ? res.length : 0;
      }
      out.inlayHint = { ...summarize(lat), results };
    } else if (o.inlayHints > 0) out.inlayHint = 'unsupported';

    // ---- memory / CPU while the server is still alive
    const main = readProc(this.pid);
    const kids = descendantsOf(this.pid)
      .map(readProc)
      .filter(p => p.vmHWMKiB != null);
    out.peakRssMiB = main.vmHWMKiB == null ? null : r2(main.vmHWMKiB / 1024);
    out.rssAtEndMiB = main.vmRSSKiB == null ? null : r2(main.vmRSSKiB / 1024);
    out.serverCpuMs = r2(main.cpuMs);
    if (kids.length) {
      // e.g. --server "/usr/bin/time -v node server.js" or a server with worker processes
      out.descendants = kids.map(k => ({ pid: k.pid, peakRssMiB: r2(k.vmHWMKiB / 1024), cpuMs: r2(k.cpuMs) }));
      out.peakRssTreeMiB = r2((main.vmHWMKiB + kids.reduce((a, k) => a + k.vmHWMKiB, 0)) / 1024); // upper bound: peaks may not coincide
      out.serverTreeCpuMs = r2(main.cpuMs + kids.reduce((a, k) => a + (k.cpuMs ?? 0), 0));
    }
    out.serverRequests = this.reqCounts;
    out.serverNotifications = this.notifCounts;
    if (this.registrations.length) out.registrations = this.registrations;
    await this.shutdown();
    return out;
  }

  async shutdown() {
    this.shuttingDown = true;
    try {
      await withTimeout(this.conn.sendRequest('shutdown'), 5000, 'shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      /* we kill it below */
    }
    await this.waitExit(3000);
    this.conn.dispose();
  }

  async waitExit(ms) {
    if (!this.child || this.exitInfo || this.pid == null) return;
    const exited = new Promise(r => this.child.once('exit', r));
    const ok = await Promise.race([exited.then(() => true), sleep(ms).then(() => false)]);
    if (!ok) {
      try {
        process.kill(this.pid, 'SIGKILL'); // only the process this session spawned
      } catch {
        /* already gone */
      }
      await Promise.race([exited, sleep(1000)]);
    }
  }

  async abort() {
    this.shuttingDown = true;
    if (this.pid != null && !this.exitInfo) {
      try {
        process.kill(this.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      await Promise.race([new Promise(r => this.child.once('exit', r)), sleep(1000)]);
    }
    try {
      this.conn?.dispose();
    } catch {
      /* ignore */
    }
  }
}

// ---------------------------------------------------------------- main

const USAGE = `usage: node lspbench.mjs --server "CMD ARGS" --file PATH [options]

  --server CMD          server command line, run without a shell (e.g. "node server.js --stdio")
  --server-cwd DIR      working directory for the server (default: current)
  --file PATH           document to open (required)
  --language-id ID      languageId for didOpen (default: from extension, e.g. yaml)
  --root DIR            workspace root (default: the file's directory)
  --workspace DIR       workspace folder to index (sets --root): didOpen right after
                        \`initialized\` (no settle wait, unless --settle-ms), and report
                        initialize -> first/settled diagnostics of --file, initialize -> last
                        publish for any URI, and how many URIs got diagnostics
  --ready-notification METHOD[:TEXT]   wait for this server notification after didOpen (with
                        TEXT: one whose params.message contains TEXT) and report initialize -> its
                        arrival (initToReadyMs), e.g. "perfdoc/indexed" or "window/logMessage:indexed"
  --settings FILE       JSON settings: sent with workspace/didChangeConfiguration and used to
                        answer workspace/configuration. \${settingsDir}, \${settingsDirUri},
                        \${fileDir}, \${fileDirUri}, \${rootDir}, \${rootUri} are substituted.
  --init-options FILE   JSON initializationOptions
  --edits K             didChange edits to time (default 50)
  --edit-line L         1-based line to edit (default: numeric value nearest the middle)
  --hover L:C           1-based line:column for hover/codeAction (default: start of the key on the edit line)
  --hovers K            hover requests (default: = --edits); --code-actions K, --inlay-hints K likewise
  --runs R              fresh server processes, medians reported (default 3)
  --timeout MS          per-wait timeout (default 30000)
  --settle-ms MS        quiet period required after initialized before didOpen (default 300; 0 with --workspace)
  --pause-ms MS         quiet period after each diagnostics before the next edit (default 250)
  --sync auto|full|incremental   override the server's textDocumentSync (default auto)
  --diag-mode push|pull push = wait for publishDiagnostics (default); pull = textDocument/diagnostic
  --min-diags N / --max-diags N  fail (exit 4) unless the settled diagnostics count after open fits
  --label TEXT          name for the server in the report
  --out FILE            also write the JSON report to FILE
  --verbose             log server stderr/logMessage and progress to stderr

exit codes: 0 ok, 1 usage, 2 timeout, 3 protocol/server error, 4 expectation failed`;

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      server: { type: 'string' },
      'server-cwd': { type: 'string' },
      file: { type: 'string' },
      'language-id': { type: 'string' },
      root: { type: 'string' },
      workspace: { type: 'string' },
      'ready-notification': { type: 'string' },
      settings: { type: 'string' },
      'init-options': { type: 'string' },
      edits: { type: 'string', default: '50' },
      'edit-line': { type: 'string' },
      hover: { type: 'string' },
      hovers: { type: 'string' },
      'code-actions': { type: 'string' },
      'inlay-hints': { type: 'string' },
      runs: { type: 'string', default: '3' },
      timeout: { type: 'string', default: '30000' },
      'settle-ms': { type: 'string' },
      'pause-ms': { type: 'string', default: '250' },
      sync: { type: 'string', default: 'auto' },
      'diag-mode': { type: 'string', default: 'push' },
      'min-diags': { type: 'string' },
      'max-diags': { type: 'string' },
      label: { type: 'string' },
      out: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  if (!values.server || !values.file) throw new BenchError('usage', `--server and --file are required\n\n${USAGE}`);
  const int = (name, v, min = 0) => {
    if (v == null) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min)
      throw new BenchError('usage', `--${name} must be an integer >= ${min}, got '${v}'`);
    return n;
  };
  if (!['auto', 'full', 'incremental'].includes(values.sync))
    throw new BenchError('usage', `--sync must be auto|full|incremental`);
  if (!['push', 'pull'].includes(values['diag-mode'])) throw new BenchError('usage', `--diag-mode must be push|pull`);
  const file = path.resolve(values.file);
  const root = path.resolve(values.workspace ?? values.root ?? path.dirname(file));
  const edits = int('edits', values.edits);
  const hovers = int('hovers', values.hovers) ?? edits;
  const o = {
    server: values.server,
    serverCwd: values['server-cwd'] ? path.resolve(values['server-cwd']) : process.cwd(),
    file,
    languageId: values['language-id'] ?? LANG_BY_EXT[path.extname(file).toLowerCase()] ?? 'plaintext',
    root,
    rootUri: pathToFileURL(root).href,
    edits,
    editLine: int('edit-line', values['edit-line'], 1),
    hoverArg: values.hover,
    hovers,
    codeActions: int('code-actions', values['code-actions']) ?? hovers,
    inlayHints: int('inlay-hints', values['inlay-hints']) ?? hovers,
    runs: int('runs', values.runs, 1),
    timeout: int('timeout', values.timeout, 1),
    settleMs: int('settle-ms', values['settle-ms'] ?? (values.workspace ? '0' : '300')),
    workspace: values.workspace != null,
    readyNotification: values['ready-notification'],
    ready: values['ready-notification'] && {
      method: values['ready-notification'].split(':')[0],
      text: values['ready-notification'].split(':').slice(1).join(':'),
    },
    pauseMs: int('pause-ms', values['pause-ms']),
    sync: values.sync,
    diagMode: values['diag-mode'],
    minDiags: int('min-diags', values['min-diags']),
    maxDiags: int('max-diags', values['max-diags']),
    label: values.label,
    out: values.out,
    verbose: values.verbose,
    quiet: values.quiet,
  };
  const vars = {
    fileDir: path.dirname(file),
    fileDirUri: pathToFileURL(path.dirname(file)).href,
    rootDir: root,
    rootUri: o.rootUri,
  };
  if (values.settings) {
    const sf = path.resolve(values.settings);
    o.settingsFile = sf;
    o.settings = expandDotted(
      loadJsonWithVars(sf, {
        ...vars,
        settingsDir: path.dirname(sf),
        settingsDirUri: pathToFileURL(path.dirname(sf)).href,
      }),
    );
  }
  if (values['init-options']) o.initOptions = loadJsonWithVars(path.resolve(values['init-options']), vars);
  return o;
}

function loadDocument(o) {
  let text;
  try {
    text = readFileSync(o.file, 'utf8');
  } catch (e) {
    throw new BenchError('usage', `cannot read --file: ${e.message}`);
  }
  const lines = text.split(/\r\n|\r|\n/);
  const lineStarts = [0];
  const re = /\r\n|\r|\n/g;
  let m;
  while ((m = re.exec(text))) lineStarts.push(m.index + m[0].length);
  const editTarget = findEditTarget(lines, o.editLine != null ? o.editLine - 1 : undefined);
  if (o.editLine != null && !editTarget)
    throw new BenchError('usage', `--edit-line ${o.editLine}: no number on that line`);
  let hoverPos;
  if (o.hoverArg) {
    const hm = /^(\d+):(\d+)$/.exec(o.hoverArg);
    if (!hm) throw new BenchError('usage', `--hover must be LINE:COL (1-based), got '${o.hoverArg}'`);
    hoverPos = { line: Number(hm[1]) - 1, character: Number(hm[2]) - 1 };
    if (hoverPos.line < 0 || hoverPos.line >= lines.length || hoverPos.character < 0)
      throw new BenchError('usage', `--hover ${o.hoverArg} is outside the file`);
  } else {
    const l = editTarget ? editTarget.line : Math.floor(lines.length / 2);
    const km = /^(\s*(?:-\s+)?)\S/.exec(lines[l]);
    hoverPos = { line: l, character: km ? km[1].length + 1 : 0 };
  }
  return {
    path: o.file,
    uri: pathToFileURL(o.file).href,
    key: path.resolve(o.file),
    text,
    bytes: Buffer.byteLength(text),
    lines,
    lineCount: text.endsWith('\n') ? lines.length - 1 : lines.length,
    lineStarts,
    editTarget,
    hoverPos,
  };
}

const pick = (runs, f) => median(runs.map(f));

export function aggregate(runs) {
  const num = x => (typeof x === 'number' ? x : null);
  return {
    initMs: pick(runs, r => r.initMs),
    openToDiagMs: pick(runs, r => r.openToDiagMs),
    editToDiag: runs.some(r => r.editToDiag)
      ? {
          p50: pick(runs, r => r.editToDiag?.p50),
          p95: pick(runs, r => r.editToDiag?.p95),
          max: pick(runs, r => r.editToDiag?.max),
          pooled: summarize(runs.flatMap(r => r.editSamplesMs ?? [])),
        }
      : null,
    editToSettledDiag: runs.some(r => r.editToSettledDiag)
      ? { p50: pick(runs, r => r.editToSettledDiag?.p50), p95: pick(runs, r => r.editToSettledDiag?.p95) }
      : null,
    extraPublishesDuringEdits: pick(runs, r => r.extraPublishesDuringEdits),
    hover: runs.some(r => typeof r.hover === 'object')
      ? { p50: pick(runs, r => num(r.hover?.p50)), p95: pick(runs, r => num(r.hover?.p95)) }
      : (runs[0]?.hover ?? null),
    codeAction: runs.some(r => typeof r.codeAction === 'object')
      ? { p50: pick(runs, r => num(r.codeAction?.p50)), p95: pick(runs, r => num(r.codeAction?.p95)) }
      : (runs[0]?.codeAction ?? null),
    inlayHint: runs.some(r => typeof r.inlayHint === 'object')
      ? { p50: pick(runs, r => num(r.inlayHint?.p50)), p95: pick(runs, r => num(r.inlayHint?.p95)) }
      : (runs[0]?.inlayHint ?? null),
    ...Object.fromEntries(
      ['initToFirstDiagMs', 'initToSettledDiagMs', 'initToLastPublishAnyMs', 'publishedUris', 'initToReadyMs']
        .filter(k => runs.some(r => typeof r[k] === 'number'))
        .map(k => [k, pick(runs, r => r[k])]),
    ),
    peakRssMiB: pick(runs, r => r.peakRssMiB),
    ...(runs.some(r => r.peakRssTreeMiB != null)
      ? { peakRssTreeMiB: pick(runs, r => r.peakRssTreeMiB), serverTreeCpuMs: pick(runs, r => r.serverTreeCpuMs) }
      : {}),
    serverCpuMs: pick(runs, r => r.serverCpuMs),
    diagnostics: pick(runs, r => r.diagnostics),
  };
}

export async function main(argv = process.argv.slice(2)) {
  let o;
  let session;
  try {
    o = parseOptions(argv);
    const doc = loadDocument(o);
    const loadStart = os.loadavg();
    const runs = [];
    let serverInfo = null;
    let caps = null;
    for (let i = 0; i < o.runs; i++) {
      session = new Session(o, doc, i);
      const res = await session.run();
      serverInfo = session.serverInfo;
      caps = session.caps;
      runs.push(res);
      session = null;
      if (!o.quiet) {
        const e = res.editToDiag;
        process.stderr.write(
          `[lspbench] run ${i + 1}/${o.runs}: open->diag ${res.openToDiagMs} ms, edit->diag p50 ${e?.p50 ?? '-'} p95 ${e?.p95 ?? '-'} ms, hover p50 ${res.hover?.p50 ?? '-'} ms, peak RSS ${res.peakRssMiB} MiB, diags ${res.diagnostics}\n`,
        );
      }
    }
    const report = {
      harness: `lspbench ${HARNESS_VERSION}`,
      node: process.version,
      host: { cpus: os.cpus().length, loadavgStart: loadStart.map(r2), loadavgEnd: os.loadavg().map(r2) },
      server: {
        label: o.label ?? serverInfo?.name ?? path.basename(splitCommand(o.server)[0]),
        command: o.server,
        serverInfo,
        textDocumentSync: runs[0]?.textDocumentSync,
        hoverProvider: !!caps?.hoverProvider,
        codeActionProvider: !!caps?.codeActionProvider,
        inlayHintProvider: !!caps?.inlayHintProvider,
        diagnosticProvider: !!caps?.diagnosticProvider,
      },
      file: { path: doc.path, bytes: doc.bytes, lines: doc.lineCount, languageId: o.languageId },
      params: {
        runs: o.runs,
        edits: o.edits,
        hovers: o.hovers,
        codeActions: o.codeActions,
        inlayHints: o.inlayHints,
        editLine: doc.editTarget ? doc.editTarget.line + 1 : null,
        editValue: doc.editTarget ? `${doc.editTarget.value} <-> ${Number(doc.editTarget.value) + 1}` : null,
        hoverAt: `${doc.hoverPos.line + 1}:${doc.hoverPos.character + 1}`,
        diagMode: o.diagMode,
        timeoutMs: o.timeout,
        settleMs: o.settleMs,
        workspace: o.workspace ? o.root : null,
        readyNotification: o.readyNotification ?? null,
        pauseMs: o.pauseMs,
        settings: o.settingsFile ?? null,
      },
      median: aggregate(runs),
      runs,
    };
    const json = JSON.stringify(report, null, 2);
    if (o.out) {
      mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
      writeFileSync(o.out, json + '\n');
    }
    process.stdout.write(json + '\n');
    return EXIT.OK;
  } catch (e) {
    if (session) await session.abort();
    const kind = e instanceof BenchError ? e.kind : 'protocol';
    const code =
      { usage: EXIT.USAGE, timeout: EXIT.TIMEOUT, protocol: EXIT.PROTOCOL, expect: EXIT.EXPECT }[kind] ?? EXIT.PROTOCOL;
    process.stderr.write(`lspbench: ${kind.toUpperCase()} ERROR: ${e?.message ?? e}\n`);
    if (!(e instanceof BenchError) && e?.stack) process.stderr.write(e.stack + '\n');
    return code;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(code => process.exit(code));
}
