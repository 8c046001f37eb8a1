// Results of the editor features, in offsets of the file text. The LSP layer converts them
// to positions; nothing here depends on vscode-languageserver.
import type { Diagnostic, Range } from '../core/types';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
  /** `newText` is an LSP snippet (`${1:placeholder}`); a client without snippet edits gets the placeholders' text. */
  snippet?: boolean;
}

export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
}

export interface InlayHintItem {
  offset: number;
  label: string;
  tooltip?: string;
}

/** An edit in another file than the one analysed (a referenced document): its range in that file's positions. */
export interface FileEdit {
  path: string;
  range: Range;
  newText: string;
}

export type CodeActionKindName = 'quickfix' | 'source.addChecklist';
export interface CodeActionItem {
  title: string;
  kind: CodeActionKindName;
  /** The diagnostics (as the client sent them) this action fixes. */
  diagnostics?: Diagnostic[];
  /** Edits in the file the action was asked in. */
  edits: TextEdit[];
  /** Edits in other files (LT010 updates the referenced model). */
  otherFiles?: FileEdit[];
  isPreferred?: boolean;
}

export type CompletionKindName = 'property' | 'value' | 'unit' | 'snippet';
export interface CompletionItemLite {
  label: string;
  kind: CompletionKindName;
  detail?: string;
  documentation?: string;
  insertText?: string;
  /** Text between these offsets is replaced by the item. */
  replaceStart?: number;
  replaceEnd?: number;
  sortText?: string;
}

export type SymbolKindName =
  'document' | 'segment' | 'group' | 'target' | 'tier' | 'queue' | 'quota' | 'test' | 'section';
export interface SymbolItem {
  name: string;
  detail?: string;
  kind: SymbolKindName;
  start: number;
  end: number;
  selectionStart: number;
  selectionEnd: number;
  children: SymbolItem[];
}

export interface LensItem {
  start: number;
  end: number;
  title: string;
}

export interface DefinitionTarget {
  path: string;
  range: Range;
}
