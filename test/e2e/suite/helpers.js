// Shared helpers for the integration tests (they run in the extension host, real `vscode` API).
// Waiting is always for an editor event, bounded by a timeout: never a fixed sleep.
const assert = require('assert');
const vscode = require('vscode');

const EXTENSION_ID = 'perfdoc.perfdoc';
const DEFAULT_TIMEOUT_MS = 20_000;

function extension() {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `extension ${EXTENSION_ID} is not installed in this editor`);
  return found;
}

/** The extension's API once its language server has finished the initialize handshake. */
async function activeExtensionApi() {
  const api = await extension().activate();
  await api?.whenReady;
  return api;
}

/** A file of the test workspace (a temp copy of examples/ plus what the tests write). */
function workspaceUri(relativePath) {
  const [folder] = vscode.workspace.workspaceFolders ?? [];
  assert.ok(folder, 'the tests need a workspace folder');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

/** Opens a workspace file in an editor; returns its TextDocument. */
async function openDoc(relativePath) {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relativePath));
  await vscode.window.showTextDocument(document);
  return document;
}

/** Writes a file into the test workspace; returns its Uri. */
async function writeWorkspaceFile(relativePath, text) {
  const uri = workspaceUri(relativePath);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  return uri;
}

/**
 * Resolves with `check()`'s first result other than undefined, checking now and on every
 * `event`; rejects after `timeoutMs` with `describe()` saying what was awaited and what is there.
 */
function waitFor(event, check, describe, timeoutMs = DEFAULT_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    let subscription;
    const finish = (settle, value) => {
      clearTimeout(timer);
      subscription?.dispose();
      settle(value);
    };
    const attempt = () => {
      try {
        const result = check();
        if (result !== undefined) finish(resolve, result);
      } catch (error) {
        finish(reject, error);
      }
    };
    const timer = setTimeout(() => finish(reject, new Error(`timed out after ${timeoutMs} ms: ${describe()}`)), timeoutMs);
    subscription = event(attempt);
    attempt();
  });
}

/** The diagnostic's code as a string ('CM004'), whether given plainly or as `{ value, target }`. */
function diagnosticCode(diagnostic) {
  const code = diagnostic.code;
  return String(typeof code === 'object' && code !== null ? code.value : code);
}

function describeDiagnostics(diagnostics) {
  return JSON.stringify(diagnostics.map((d) => `${diagnosticCode(d)}@${d.range.start.line + 1}: ${d.message}`));
}

/** The diagnostics of `uri` as soon as `predicate(diagnostics)` holds. */
function waitForDiagnostics(uri, predicate, timeoutMs) {
  const current = () => vscode.languages.getDiagnostics(uri);
  return waitFor(
    vscode.languages.onDidChangeDiagnostics,
    () => (predicate(current()) ? current() : undefined),
    () => `diagnostics of ${vscode.workspace.asRelativePath(uri)} matching ${predicate}; now ${describeDiagnostics(current())}`,
    timeoutMs,
  );
}

/** The diagnostics of `uri` as soon as one has `code`. */
function waitForDiagnosticCode(uri, code, timeoutMs) {
  return waitForDiagnostics(uri, (diagnostics) => diagnostics.some((d) => diagnosticCode(d) === code), timeoutMs);
}

/** Position of the first match of `pattern` in the document: of its first group if it has one. */
function positionOf(document, pattern) {
  const match = pattern.exec(document.getText());
  assert.ok(match, `${pattern} not found in ${vscode.workspace.asRelativePath(document.uri)}`);
  const offset = match.index + (match[1] === undefined ? 0 : match[0].indexOf(match[1]));
  return document.positionAt(offset);
}

/** All hover texts the editor's providers give at `position`, joined by newlines. */
async function hoverText(uri, position) {
  const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

module.exports = {
  EXTENSION_ID,
  extension,
  activeExtensionApi,
  workspaceUri,
  openDoc,
  writeWorkspaceFile,
  waitFor,
  diagnosticCode,
  waitForDiagnostics,
  waitForDiagnosticCode,
  positionOf,
  hoverText,
};
