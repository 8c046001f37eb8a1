// perfdoc language server: thin LSP handlers over the analysis core and the service
// modules (hover, inlay hints, code actions, completion, symbols, definition, code lens).
// Transport from the command line: --stdio, --node-ipc or --socket=N.
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  DiagnosticSeverity,
  CodeActionKind,
  InitializeParams,
  InitializeResult,
  Connection,
  CompletionItemKind,
  SymbolKind,
  DocumentSymbol,
  MarkupKind,
  InsertTextFormat,
  DidChangeConfigurationNotification,
  FileChangeType,
  Diagnostic as LspDiagnostic,
  CancellationToken,
  LSPErrorCodes,
  ResponseError,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Diagnostic, Severity } from './core/types';
import { FileAnalysis, toDiagnostic } from './core/analyze';
import { headline } from './core/summary';
import {
  CHECKLIST_REPORT_REQUEST,
  ChecklistReportResult,
  HEADLINE_NOTIFICATION,
  HeadlineParams,
  PREVIEW_REQUEST,
  PerfdocSettings,
  PreviewParams,
  PreviewResult,
  toAnalysisSettings,
} from './protocol';
import { Workspace } from './lsp/workspace';
import { IdleCollector, fullGc } from './lsp/idleCollector';
import { hoverAt } from './service/hover';
import { inlayHints } from './service/inlayHints';
import { codeActions } from './service/codeActions';
import { completions } from './service/completion';
import { documentSymbols } from './service/symbols';
import { definitionAt } from './service/definition';
import { codeLenses } from './service/codeLens';
import { checklistReport } from './service/checklist';
import { filePreview } from './charts/html';
import { CodeActionItem, CompletionKindName, SymbolItem, SymbolKindName } from './service/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};
const SEVERITY_NAME: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const COMPLETION_KIND: Record<CompletionKindName, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  unit: CompletionItemKind.Unit,
  snippet: CompletionItemKind.Snippet,
};
const SYMBOL_KIND: Record<SymbolKindName, SymbolKind> = {
  document: SymbolKind.File,
  segment: SymbolKind.Event,
  group: SymbolKind.Array,
  target: SymbolKind.Constant,
  tier: SymbolKind.Class,
  queue: SymbolKind.Struct,
  quota: SymbolKind.Number,
  test: SymbolKind.Method,
  section: SymbolKind.Namespace,
};
const CHECKLIST_KIND = 'source.addChecklist';
/** Longest a burst of queued changes may hold back diagnostics before the latest version is analyzed anyway. */
const MAX_COALESCE_MS = 100;

/** file:// URIs map to paths; other schemes (untitled:) get a pseudo-path whose extension follows the language. */
function uriToPath(uri: string, languageId?: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      /* fall through */
    }
  }
  const ext = languageId === 'markdown' ? '.md' : languageId === 'yaml' ? '.yaml' : '';
  return `/__untitled__/${encodeURIComponent(uri)}${ext}`;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace(toAnalysisSettings(null));
  const pathOf = new Map<string, string>(); // uri → path
  const uriOf = new Map<string, string>(); // path → uri
  const idleCollector = new IdleCollector(fullGc());
  let settings: PerfdocSettings = {};
  let canConfigure = false;
  let canRegisterConfig = false;
  let inlayRefresh = false;
  const pending = new Set<string>();
  let flushScheduled = false;

  /**
   * A handler failure must cost the user one feature for one request, never the server. A
   * request the client cancelled while it waited (behind an analysis) is not computed at all;
   * handlers are synchronous and bounded by the analysis limits, except the workspace-wide
   * checklist report, which yields and checks the token as it goes.
   */
  const guard =
    <P, R>(name: string, fallback: R, fn: (p: P, token?: CancellationToken) => R | Promise<R>) =>
    async (p: P, token?: CancellationToken): Promise<R> => {
      try {
        cancelledAlready(token);
        return await fn(p, token);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        connection.console.error(`perfdoc: ${name} failed: ${(e as Error).stack ?? e}`);
        return fallback;
      }
    };
  const cancelledAlready = (token?: CancellationToken) => {
    if (token?.isCancellationRequested)
      throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled by the client');
  };

  const analysisFor = (uri: string): FileAnalysis | undefined => {
    const path = pathOf.get(uri);
    return path ? workspace.analysisOf(path) : undefined;
  };

  const publish = (uri: string) => {
    const doc = documents.get(uri);
    const analysis = analysisFor(uri);
    if (!doc || !analysis) return;
    const diagnostics: LspDiagnostic[] = analysis.documents.flatMap(d =>
      d.findings.map(f => {
        const x = toDiagnostic(analysis.lines, f);
        return {
          range: x.range,
          severity: SEVERITY[x.severity],
          code: x.code,
          source: 'perfdoc',
          message: x.message,
          ...(x.data ? { data: x.data } : {}),
        };
      }),
    );
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
    const first = analysis.documents.find(d => d.kind);
    const severity = diagnostics.some(d => d.severity === DiagnosticSeverity.Error)
      ? 'error'
      : diagnostics.some(d => d.severity === DiagnosticSeverity.Warning)
        ? 'warning'
        : 'ok';
    const params: HeadlineParams = { uri, text: first ? headline(first) : null, severity };
    void connection.sendNotification(HEADLINE_NOTIFICATION, params);
  };

  /**
   * Analysis runs as soon as the event loop is free: no fixed debounce. vscode-jsonrpc hands
   * over queued messages one per event-loop turn, so a burst of keystrokes already waiting is
   * let in first: while a turn brought another change, the flush waits one more turn
   * (microseconds), then analyzes only the latest version. A single edit costs one extra
   * turn; a never-ending stream of changes is still analyzed every MAX_COALESCE_MS.
   */
  let changedThisTurn = false;
  let burstStarted = 0;
  const schedule = (uri: string) => {
    pending.add(uri);
    changedThisTurn = true;
    if (flushScheduled) return;
    flushScheduled = true;
    burstStarted = Date.now();
    setImmediate(flushWhenQuiet);
  };
  const flushWhenQuiet = () => {
    if (changedThisTurn && Date.now() - burstStarted < MAX_COALESCE_MS) {
      changedThisTurn = false;
      setImmediate(flushWhenQuiet);
      return;
    }
    changedThisTurn = false;
    flushScheduled = false;
    const uris = [...pending];
    pending.clear();
    for (const u of uris) {
      try {
        publish(u);
      } catch (e) {
        connection.console.error(`perfdoc: analysis of ${u} failed: ${(e as Error).stack ?? e}`);
      }
      idleCollector.analyzed(documents.get(u)?.getText().length ?? 0);
    }
  };

  const refreshDependents = (path: string) => {
    for (const dependent of workspace.dependentsOf(path)) {
      const uri = uriOf.get(dependent);
      if (uri) schedule(uri);
    }
  };

  const reanalyzeAll = () => {
    for (const doc of documents.all()) schedule(doc.uri);
    if (inlayRefresh) void connection.languages.inlayHint.refresh().catch(() => undefined);
  };

  const fetchSettings = async () => {
    if (!canConfigure) return;
    const s = (await connection.workspace.getConfiguration('perfdoc').catch(() => null)) as PerfdocSettings | null;
    settings = s ?? {};
    workspace.setSettings(toAnalysisSettings(settings));
    reanalyzeAll();
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    canConfigure = !!caps.workspace?.configuration;
    canRegisterConfig = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    inlayRefresh = !!caps.workspace?.inlayHint?.refreshSupport;
    const folders = (params.workspaceFolders ?? [])
      .map(f => f.uri)
      .concat(!params.workspaceFolders && params.rootUri ? [params.rootUri] : []);
    workspace.setRoots(folders.filter(u => u.startsWith('file:')).map(u => fileURLToPath(u)));
    const init = params.initializationOptions as { settings?: PerfdocSettings } | undefined;
    if (init?.settings) {
      settings = init.settings;
      workspace.setSettings(toAnalysisSettings(settings));
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        inlayHintProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CHECKLIST_KIND] },
        completionProvider: { triggerCharacters: [' ', ':'] },
        documentSymbolProvider: true,
        definitionProvider: true,
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: 'perfdoc-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (canRegisterConfig)
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'perfdoc' });
    await fetchSettings();
    // Index after the first requests are answered; slices yield so open files are analyzed first.
    const started = Date.now();
    const files = await workspace.indexAll(() => new Promise(r => setImmediate(r)));
    connection.console.log(
      `perfdoc: indexed ${workspace.indexedFiles} perfdoc files of ${files} in ${Date.now() - started} ms`,
    );
    reanalyzeAll();
  });

  connection.onDidChangeConfiguration(
    guard('configuration', undefined, async change => {
      if (canConfigure) await fetchSettings();
      else {
        settings = (change.settings as { perfdoc?: PerfdocSettings } | undefined)?.perfdoc ?? {};
        workspace.setSettings(toAnalysisSettings(settings));
        reanalyzeAll();
      }
    }),
  );

  documents.onDidOpen(e => {
    const path = uriToPath(e.document.uri, e.document.languageId);
    pathOf.set(e.document.uri, path);
    uriOf.set(path, e.document.uri);
    workspace.openDocument(path, e.document.version, e.document.getText());
    schedule(e.document.uri);
    refreshDependents(path);
  });
  documents.onDidChangeContent(e => {
    const path = pathOf.get(e.document.uri);
    if (!path) return;
    workspace.openDocument(path, e.document.version, e.document.getText());
    schedule(e.document.uri);
    refreshDependents(path);
  });
  documents.onDidClose(e => {
    const path = pathOf.get(e.document.uri);
    pathOf.delete(e.document.uri);
    pending.delete(e.document.uri);
    if (path) {
      uriOf.delete(path);
      workspace.closeDocument(path);
      workspace.fileChanged(path);
      refreshDependents(path);
    }
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onDidChangeWatchedFiles(
    guard('watched files', undefined, p => {
      for (const change of p.changes) {
        if (!change.uri.startsWith('file:')) continue;
        const path = fileURLToPath(change.uri);
        if (workspace.isOpen(path) && change.type !== FileChangeType.Deleted) continue; // the editor's text wins
        workspace.fileChanged(path);
        refreshDependents(path);
      }
    }),
  );

  connection.onHover(
    guard('hover', null, p => {
      const a = analysisFor(p.textDocument.uri);
      if (!a) return null;
      const h = hoverAt(a, a.lines.offsetAt(p.position));
      return h
        ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: a.lines.range(h.start, h.end) }
        : null;
    }),
  );

  connection.languages.inlayHint.on(
    guard('inlay hints', null, p => {
      if (settings.inlayHints?.enabled === false) return [];
      const a = analysisFor(p.textDocument.uri);
      if (!a) return null;
      return inlayHints(a, a.lines.offsetAt(p.range.start), a.lines.offsetAt(p.range.end)).map(h => ({
        position: a.lines.positionAt(h.offset),
        label: h.label,
        paddingLeft: true,
        ...(h.tooltip ? { tooltip: h.tooltip } : {}),
      }));
    }),
  );

  connection.onCodeAction(
    guard('code actions', null, p => {
      const a = analysisFor(p.textDocument.uri);
      if (!a) return null;
      const sent: Diagnostic[] = p.context.diagnostics
        .filter(d => d.source === 'perfdoc')
        .map(d => ({
          code: String(d.code),
          severity: SEVERITY_NAME[d.severity ?? 1],
          message: typeof d.message === 'string' ? d.message : d.message.value,
          range: d.range,
          ...(d.data ? { data: d.data as Record<string, unknown> } : {}),
        }));
      const byDiag = new Map(sent.map((d, i) => [d, p.context.diagnostics.filter(x => x.source === 'perfdoc')[i]]));
      const actions = codeActions(a, a.lines.offsetAt(p.range.start), a.lines.offsetAt(p.range.end), sent);
      const wanted = p.context.only;
      return actions
        .filter(
          x =>
            !wanted ||
            wanted.some(
              k =>
                x.kind === k ||
                x.kind.startsWith(k + '.') ||
                (k === CodeActionKind.Source && x.kind.startsWith('source')),
            ),
        )
        .map((x: CodeActionItem) => ({
          title: x.title,
          kind: x.kind === 'quickfix' ? CodeActionKind.QuickFix : CHECKLIST_KIND,
          ...(x.diagnostics ? { diagnostics: x.diagnostics.map(d => byDiag.get(d)!).filter(Boolean) } : {}),
          ...(x.isPreferred ? { isPreferred: true } : {}),
          edit: {
            changes: {
              [p.textDocument.uri]: x.edits.map(e => ({ range: a.lines.range(e.start, e.end), newText: e.newText })),
            },
          },
        }));
    }),
  );

  connection.onCompletion(
    guard('completion', null, p => {
      const a = analysisFor(p.textDocument.uri);
      if (!a) return null;
      const offset = a.lines.offsetAt(p.position);
      return completions(a, offset).map(c => ({
        label: c.label,
        kind: COMPLETION_KIND[c.kind],
        ...(c.kind === 'snippet' ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
        ...(c.detail ? { detail: c.detail } : {}),
        ...(c.documentation ? { documentation: { kind: MarkupKind.Markdown, value: c.documentation } } : {}),
        ...(c.sortText ? { sortText: c.sortText } : {}),
        ...(c.replaceStart !== undefined
          ? {
              textEdit: {
                range: a.lines.range(c.replaceStart, c.replaceEnd ?? offset),
                newText: c.insertText ?? c.label,
              },
            }
          : c.insertText
            ? { insertText: c.insertText }
            : {}),
      }));
    }),
  );

  connection.onDocumentSymbol(
    guard('symbols', null, p => {
      const a = analysisFor(p.textDocument.uri);
      if (!a) return null;
      const convert = (s: SymbolItem): DocumentSymbol => ({
        name: s.name || '(unnamed)',
        kind: SYMBOL_KIND[s.kind],
        range: a.lines.range(s.start, s.end),
        selectionRange: a.lines.range(s.selectionStart, s.selectionEnd),
        ...(s.detail ? { detail: s.detail } : {}),
        children: s.children.map(convert),
      });
      return documentSymbols(a).map(convert);
    }),
  );

  connection.onDefinition(
    guard('definition', null, p => {
      const a = analysisFor(p.textDocument.uri);
      if (!a) return null;
      const t = definitionAt(a, a.lines.offsetAt(p.position), workspace);
      return t ? { uri: uriOf.get(t.path) ?? pathToFileURL(t.path).toString(), range: t.range } : null;
    }),
  );

  connection.onCodeLens(
    guard('code lens', null, p => {
      if (settings.codeLens?.enabled === false) return [];
      const a = analysisFor(p.textDocument.uri);
      if (!a) return null;
      return codeLenses(a).map(l => ({
        range: a.lines.range(l.start, l.end),
        command: { title: l.title, command: '' },
      }));
    }),
  );

  connection.onRequest(
    CHECKLIST_REPORT_REQUEST,
    guard('checklist report', { markdown: '' } as ChecklistReportResult, async (_p: unknown, token) => {
      // 2,000 workspace files take 10 s to analyze: slices of 20 ms let diagnostics, hovers
      // and a cancellation of this very request through in between.
      const files: FileAnalysis[] = [];
      let sliceStarted = Date.now();
      for (const path of workspace.knownPaths()) {
        if (Date.now() - sliceStarted > 20) {
          await new Promise(resolve => setImmediate(resolve));
          cancelledAlready(token);
          sliceStarted = Date.now();
        }
        const a = workspace.analysisOfAny(path);
        if (a) files.push(a);
      }
      return { markdown: checklistReport(files) } as ChecklistReportResult;
    }),
  );

  connection.onRequest(
    PREVIEW_REQUEST,
    guard('preview', null as PreviewResult | null, (p: PreviewParams) => {
      const a = analysisFor(p.uri);
      return a ? filePreview(a, workspace.version(a.path) ?? null) : null;
    }),
  );

  documents.listen(connection);
  connection.listen();
}

if (require.main === module) {
  // A bad document must never take the editor's server down; log and carry on.
  process.on('uncaughtException', e => {
    process.stderr.write(`perfdoc: uncaught ${(e as Error).stack ?? e}\n`);
  });
  startServer(createConnection(ProposedFeatures.all));
}
