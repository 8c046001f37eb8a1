// Offsets of the analysis ↔ LSP positions and shapes, in one place (rust-analyzer's
// to_proto / from_proto). The core and the service speak offsets into the file text and their
// own kind names; handlers convert at the edge with these functions and nothing else.
import {
  CodeAction,
  CodeActionKind,
  CompletionItem,
  CompletionItemKind,
  Diagnostic as LspDiagnostic,
  DiagnosticSeverity,
  DocumentSymbol,
  Hover,
  InlayHint,
  InsertTextFormat,
  MarkupKind,
  Position,
  Range,
  SymbolKind,
  CodeLens,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { FileAnalysis } from '../core/analyze';
import { toDiagnostic } from '../core/analyze';
import type { Diagnostic, Finding, Severity } from '../core/types';
import type {
  CodeActionItem,
  CodeActionKindName,
  CompletionItemLite,
  CompletionKindName,
  HoverResult,
  InlayHintItem,
  LensItem,
  SymbolItem,
  SymbolKindName,
} from '../service/types';

export const DIAGNOSTIC_SOURCE = 'perfdoc';
/** The source action that writes the production review checklist (service/codeActions.ts). */
export const CHECKLIST_KIND: CodeActionKindName = 'source.addChecklist';

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

// --- from the client ---

export const offsetAt = (a: FileAnalysis, p: Position): number => a.lines.offsetAt(p);

/** A perfdoc diagnostic the client sent back (in a code action request), as the core's Diagnostic. */
export function fromLspDiagnostic(d: LspDiagnostic): Diagnostic {
  return {
    code: String(d.code),
    severity: SEVERITY_NAME[d.severity ?? 1],
    message: typeof d.message === 'string' ? d.message : d.message.value,
    range: d.range,
    ...(d.data ? { data: d.data as Record<string, unknown> } : {}),
  };
}

// --- to the client ---

export const toRange = (a: FileAnalysis, start: number, end: number): Range => a.lines.range(start, end);

export function toLspDiagnostic(a: FileAnalysis, f: Finding): LspDiagnostic {
  const x = toDiagnostic(a.lines, f);
  return {
    range: x.range,
    severity: SEVERITY[x.severity],
    code: x.code,
    source: DIAGNOSTIC_SOURCE,
    message: x.message,
    ...(x.data ? { data: x.data } : {}),
  };
}

export function toHover(a: FileAnalysis, h: HoverResult): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(a, h.start, h.end) };
}

export function toInlayHint(a: FileAnalysis, h: InlayHintItem): InlayHint {
  return {
    position: a.lines.positionAt(h.offset),
    label: h.label,
    paddingLeft: true,
    ...(h.tooltip ? { tooltip: h.tooltip } : {}),
  };
}

/**
 * `fixes` are the client's own diagnostic objects for the ones the action fixes; `uriOfPath`
 * names the other files an action edits (a referenced document: LT010). `snippets`: the
 * client takes snippet edits in a workspace edit (LSP 3.18 `snippetEditSupport`).
 */
export function toCodeAction(
  a: FileAnalysis,
  uri: string,
  x: CodeActionItem,
  fixes: LspDiagnostic[],
  uriOfPath: (path: string) => string,
  snippets = false,
): CodeAction {
  const others: Record<string, TextEdit[]> = {};
  for (const e of x.otherFiles ?? []) (others[uriOfPath(e.path)] ??= []).push({ range: e.range, newText: e.newText });
  const edit: WorkspaceEdit =
    snippets && x.edits.some(e => e.snippet)
      ? {
          documentChanges: [
            {
              textDocument: { uri, version: null },
              edits: x.edits.map(e =>
                e.snippet
                  ? { range: toRange(a, e.start, e.end), snippet: { kind: 'snippet', value: e.newText } }
                  : { range: toRange(a, e.start, e.end), newText: e.newText },
              ),
            },
            ...Object.entries(others).map(([other, edits]) => ({ textDocument: { uri: other, version: null }, edits })),
          ],
        }
      : {
          changes: {
            ...(x.edits.length || !x.otherFiles?.length
              ? {
                  [uri]: x.edits.map(e => ({
                    range: toRange(a, e.start, e.end),
                    newText: e.snippet ? snippetText(e.newText) : e.newText,
                  })),
                }
              : {}),
            ...others,
          },
        };
  return {
    title: x.title,
    kind: x.kind === 'quickfix' ? CodeActionKind.QuickFix : CHECKLIST_KIND,
    ...(x.diagnostics ? { diagnostics: fixes } : {}),
    ...(x.isPreferred ? { isPreferred: true } : {}),
    edit,
  };
}

/** A snippet as plain text: each placeholder's default, tab stops and escapes removed. */
function snippetText(snippet: string): string {
  return snippet.replace(
    /\$\{\d+:([^}]*)\}|\$\d+|\\([$}\\])/g,
    (_, placeholder?: string, escaped?: string) => placeholder ?? escaped ?? '',
  );
}

/** `offset` is where completion was asked: the end of the replaced text when an item gives only its start. */
export function toCompletionItem(a: FileAnalysis, c: CompletionItemLite, offset: number): CompletionItem {
  return {
    label: c.label,
    kind: COMPLETION_KIND[c.kind],
    ...(c.kind === 'snippet' ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
    ...(c.detail ? { detail: c.detail } : {}),
    ...(c.documentation ? { documentation: { kind: MarkupKind.Markdown, value: c.documentation } } : {}),
    ...(c.sortText ? { sortText: c.sortText } : {}),
    ...(c.replaceStart !== undefined
      ? { textEdit: { range: toRange(a, c.replaceStart, c.replaceEnd ?? offset), newText: c.insertText ?? c.label } }
      : c.insertText
        ? { insertText: c.insertText }
        : {}),
  };
}

export function toDocumentSymbol(a: FileAnalysis, s: SymbolItem): DocumentSymbol {
  return {
    name: s.name || '(unnamed)',
    kind: SYMBOL_KIND[s.kind],
    range: toRange(a, s.start, s.end),
    selectionRange: toRange(a, s.selectionStart, s.selectionEnd),
    ...(s.detail ? { detail: s.detail } : {}),
    children: s.children.map(c => toDocumentSymbol(a, c)),
  };
}

/** A lens that only shows its title (no command runs on a click). */
export function toCodeLens(a: FileAnalysis, l: LensItem): CodeLens {
  return { range: toRange(a, l.start, l.end), command: { title: l.title, command: '' } };
}
