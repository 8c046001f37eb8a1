#!/usr/bin/env node
// A deliberately small LSP server built on vscode-languageserver (node), used to
// self-test lspbench. Flags pick the behaviours the harness must cope with:
//   --sync full|incremental   textDocumentSync kind (default incremental)
//   --diag push|pull          publishDiagnostics or textDocument/diagnostic (default push)
//   --versioned               include `version` in publishDiagnostics
//   --twice                   publish twice per change (empty first, then the real result)
//   --debounce MS             delay validation (default 0)
//   --pull-config             ask workspace/configuration before every validation (like yaml-language-server)
//   --index                   after initialized, publish (empty) diagnostics for every file of the
//                             workspace folder, then log "indexed N files" (window/logMessage)
// Diagnostics: one error for every line containing "fast" (stand-in for a schema violation).
import lsp from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, DiagnosticSeverity } = lsp;
const argv = process.argv.slice(2);
const flag = n => argv.includes(n);
const val = (n, d) => (argv.indexOf(n) >= 0 ? argv[argv.indexOf(n) + 1] : d);
const sync = val('--sync', 'incremental') === 'full' ? TextDocumentSyncKind.Full : TextDocumentSyncKind.Incremental;
const pull = val('--diag', 'push') === 'pull';
const debounce = Number(val('--debounce', '0'));

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let canConfigure = false;
let workspaceFolder;

connection.onInitialize(params => {
  canConfigure = !!params.capabilities.workspace?.configuration;
  workspaceFolder = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
  return {
    serverInfo: { name: 'mini-server', version: '0.0.0' },
    capabilities: {
      textDocumentSync: { openClose: true, change: sync },
      hoverProvider: true,
      codeActionProvider: true,
      inlayHintProvider: true,
      ...(pull ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
    },
  };
});

async function diagnose(doc) {
  if (flag('--pull-config') && canConfigure)
    await connection.workspace.getConfiguration({ section: 'mini', scopeUri: doc.uri });
  const out = [];
  const lines = doc.getText().split('\n');
  lines.forEach((l, i) => {
    const c = l.indexOf('fast');
    if (c >= 0)
      out.push({
        range: { start: { line: i, character: c }, end: { line: i, character: c + 4 } },
        severity: DiagnosticSeverity.Error,
        source: 'mini',
        message: 'not a duration',
      });
  });
  return out;
}

const timers = new Map();
if (!pull) {
  documents.onDidChangeContent(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.set(
      document.uri,
      setTimeout(async () => {
        const version = flag('--versioned') ? document.version : undefined;
        if (flag('--twice')) connection.sendDiagnostics({ uri: document.uri, version, diagnostics: [] });
        connection.sendDiagnostics({ uri: document.uri, version, diagnostics: await diagnose(document) });
      }, debounce),
    );
  });
} else {
  connection.languages.diagnostics.on(async params => {
    const doc = documents.get(params.textDocument.uri);
    return { kind: 'full', items: doc ? await diagnose(doc) : [] };
  });
}

connection.onHover(({ textDocument, position }) => {
  const doc = documents.get(textDocument.uri);
  const line = doc?.getText({
    start: { line: position.line, character: 0 },
    end: { line: position.line + 1, character: 0 },
  });
  return { contents: { kind: 'markdown', value: 'line: `' + (line ?? '').trim() + '`' } };
});
connection.onCodeAction(({ context }) =>
  context.diagnostics.map(d => ({ title: `fix: ${d.message}`, kind: 'quickfix', diagnostics: [d] })),
);
connection.languages.inlayHint.on(({ textDocument, range }) => {
  const doc = documents.get(textDocument.uri);
  const hints = [];
  for (let l = range.start.line; l <= Math.min(range.end.line, (doc?.lineCount ?? 0) - 1) && hints.length < 1000; l++) {
    const text = doc.getText({ start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } }).trimEnd();
    if (/budget:/.test(text)) hints.push({ position: { line: l, character: text.length }, label: ' (budget)' });
  }
  return hints;
});

if (flag('--index'))
  connection.onInitialized(() => {
    const folder = fileURLToPath(workspaceFolder);
    const files = readdirSync(folder).filter(f => f.endsWith('.yaml'));
    for (const f of files)
      connection.sendDiagnostics({ uri: pathToFileURL(path.join(folder, f)).href, diagnostics: [] });
    connection.console.log(`indexed ${files.length} files`);
  });

documents.listen(connection);
connection.listen();
