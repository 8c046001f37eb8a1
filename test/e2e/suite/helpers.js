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
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/**
 * Resolves with `check()`'s first result other than undefined, checking now and on every
 * `event`; rejects after `timeoutMs` with `describe()` saying what was awaited and what is there.
 * `check` may be async (e.g. a query to the language server): runs never overlap, and an
 * event that comes during a run makes one more run after it, so the last event is never missed.
 */
function waitFor(event, check, describe, timeoutMs = DEFAULT_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    let subscription;
    let settled = false;
    let running = false;
    let eventDuringRun = false;
    const finish = (settle, value) => {
      settled = true;
      clearTimeout(timer);
      subscription?.dispose();
      settle(value);
    };
    const attempt = async () => {
      if (running) {
        eventDuringRun = true;
        return;
      }
      running = true;
      try {
        do {
          eventDuringRun = false;
          const result = await check();
          if (settled) return;
          if (result !== undefined) return finish(resolve, result);
        } while (eventDuringRun);
      } catch (error) {
        if (!settled) finish(reject, error);
      } finally {
        running = false;
      }
    };
    const timer = setTimeout(
      () => finish(reject, new Error(`timed out after ${timeoutMs} ms: ${describe()}`)),
      timeoutMs,
    );
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
  return JSON.stringify(diagnostics.map(d => `${diagnosticCode(d)}@${d.range.start.line + 1}: ${d.message}`));
}

/** The diagnostics of `uri` as soon as `predicate(diagnostics)` holds. */
function waitForDiagnostics(uri, predicate, timeoutMs) {
  const current = () => vscode.languages.getDiagnostics(uri);
  return waitFor(
    vscode.languages.onDidChangeDiagnostics,
    () => (predicate(current()) ? current() : undefined),
    () =>
      `diagnostics of ${vscode.workspace.asRelativePath(uri)} matching ${predicate}; now ${describeDiagnostics(current())}`,
    timeoutMs,
  );
}

/** Whether one of `diagnostics` has `code`. */
function hasDiagnosticCode(diagnostics, code) {
  return diagnostics.some(d => diagnosticCode(d) === code);
}

/** The diagnostics of `uri` as soon as one has `code`. */
function waitForDiagnosticCode(uri, code, timeoutMs) {
  return waitForDiagnostics(uri, diagnostics => hasDiagnosticCode(diagnostics, code), timeoutMs);
}

/** The diagnostics of `uri` as soon as none has `code`. */
function waitForNoDiagnosticCode(uri, code, timeoutMs) {
  return waitForDiagnostics(uri, diagnostics => !hasDiagnosticCode(diagnostics, code), timeoutMs);
}

/**
 * Range of the first match of `pattern` in the document: of its first group if it has one
 * (`/target:.*timeout: (1s)/` is the range of `1s`).
 */
function rangeOf(document, pattern) {
  const withIndices = new RegExp(pattern.source, pattern.flags.includes('d') ? pattern.flags : `${pattern.flags}d`);
  const match = withIndices.exec(document.getText());
  assert.ok(match, `${pattern} not found in ${vscode.workspace.asRelativePath(document.uri)}`);
  const [start, end] = match.indices[match.length > 1 ? 1 : 0];
  return new vscode.Range(document.positionAt(start), document.positionAt(end));
}

/** Position of the first match of `pattern` in the document: of its first group if it has one. */
function positionOf(document, pattern) {
  return rangeOf(document, pattern).start;
}

/** All hover texts the editor's providers give at `position`, joined by newlines. */
async function hoverText(uri, position) {
  const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap(hover => hover.contents)
    .map(content => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

/**
 * Applies a quick fix for the diagnostic with `code` as the light bulb would: the code actions
 * for the diagnostic's range, the preferred one (else the first), `workspace.applyEdit`; then
 * waits until the diagnostic is gone. Returns the fix and the diagnostics before and after.
 * (The command's CodeActions carry no `diagnostics`: the range picks the diagnostic.)
 */
async function applyQuickFix(document, code, timeoutMs) {
  const before = await waitForDiagnosticCode(document.uri, code, timeoutMs);
  const diagnostic = before.find(d => diagnosticCode(d) === code);
  const actions = await vscode.commands.executeCommand(
    'vscode.executeCodeActionProvider',
    document.uri,
    diagnostic.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  const fixes = actions.filter(action => action.edit && vscode.CodeActionKind.QuickFix.contains(action.kind));
  const fix = fixes.find(action => action.isPreferred) ?? fixes[0];
  assert.ok(fix, `no quick fix for ${code} among ${JSON.stringify(actions.map(action => action.title))}`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit), `the edit of "${fix.title}" was not applied`);
  const after = await waitForNoDiagnosticCode(document.uri, code, timeoutMs);
  return { fix, before, after };
}

/** Applies the source action "Add production review checklist" for the document at `position`. */
async function addChecklist(document, position) {
  const actions = await vscode.commands.executeCommand(
    'vscode.executeCodeActionProvider',
    document.uri,
    new vscode.Range(position, position),
    'source.addChecklist',
  );
  const action = actions.find(a => a.title === 'Add production review checklist');
  assert.ok(action?.edit, `no checklist action among ${JSON.stringify(actions.map(a => a.title))}`);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
}

/** The header line of the checklist comment block the source action writes. */
const CHECKLIST_HEADER = '# Production review checklist (lesson §18)';

/** The inlay hints in `range` (default: the whole document): `{ label, position }`, a label's parts joined. */
async function inlayHints(document, range = new vscode.Range(0, 0, document.lineCount, 0)) {
  const hints = await vscode.commands.executeCommand(
    'vscode.executeInlayHintProvider',
    document.uri,
    document.validateRange(range),
  );
  return hints.map(hint => ({
    label: typeof hint.label === 'string' ? hint.label : hint.label.map(part => part.value).join(''),
    position: hint.position,
  }));
}

/**
 * The segments of a block-style LatencyBudget (`- name:` then `budget: NNms` lines, as in
 * search-api.perf.yaml), read from its text: `{ name, budgetMs, budgetRange, async,
 * runningTotalMs }`, the running total summing the budgets of the segments that are not async (§5).
 */
function blockSegments(document) {
  const segments = [];
  let runningTotalMs = 0;
  for (let line = 0; line < document.lineCount; line++) {
    const text = document.lineAt(line).text;
    const name = /^\s*- name: (.+)$/.exec(text);
    const budget = /^(\s*budget: )(\d+)ms\b/.exec(text);
    if (name) segments.push({ name: name[1], async: false });
    const segment = segments[segments.length - 1];
    if (budget && segment) {
      segment.budgetMs = Number(budget[2]);
      segment.budgetRange = new vscode.Range(line, budget[1].length, line, budget[0].length);
    }
    if (/^\s*async: true\b/.test(text) && segment) segment.async = true;
  }
  for (const segment of segments) {
    if (!segment.async) runningTotalMs += segment.budgetMs;
    segment.runningTotalMs = runningTotalMs;
  }
  return segments;
}

/** Files the running test wrote with `openScratchDoc`; `cleanUpEditors` deletes them. */
const scratchFiles = new Set();

/** Writes `text` to a new workspace file and opens it; the file is removed by `cleanUpEditors`. */
async function openScratchDoc(relativePath, text) {
  scratchFiles.add(await writeWorkspaceFile(relativePath, text));
  return openDoc(relativePath);
}

/**
 * What a test must leave behind it: unsaved edits undone (the editor shows the file on disk
 * again), untitled documents discarded, no editor open, the scratch files gone. For `afterEach`.
 * A file's text is written back from disk and saved, which needs no active editor (the revert
 * commands act on the active one).
 */
async function cleanUpEditors() {
  for (const document of vscode.workspace.textDocuments.filter(d => d.isDirty && d.isUntitled)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  for (const document of vscode.workspace.textDocuments.filter(d => d.isDirty && !d.isUntitled)) {
    const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(document.uri));
    const restore = new vscode.WorkspaceEdit();
    restore.replace(document.uri, document.validateRange(new vscode.Range(0, 0, document.lineCount, 0)), onDisk);
    assert.ok(
      await vscode.workspace.applyEdit(restore),
      `could not restore ${vscode.workspace.asRelativePath(document.uri)}`,
    );
    assert.ok(await document.save(), `could not save ${vscode.workspace.asRelativePath(document.uri)}`);
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  for (const uri of scratchFiles) await vscode.workspace.fs.delete(uri, { useTrash: false });
  scratchFiles.clear();
}

module.exports = {
  EXTENSION_ID,
  extension,
  activeExtensionApi,
  workspaceUri,
  openDoc,
  openScratchDoc,
  writeWorkspaceFile,
  cleanUpEditors,
  waitFor,
  diagnosticCode,
  waitForDiagnostics,
  hasDiagnosticCode,
  waitForDiagnosticCode,
  waitForNoDiagnosticCode,
  rangeOf,
  positionOf,
  hoverText,
  applyQuickFix,
  addChecklist,
  CHECKLIST_HEADER,
  inlayHints,
  blockSegments,
};
