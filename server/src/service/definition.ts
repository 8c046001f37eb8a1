// Go to definition on a reference (`latencyFrom`, `budget`, `capacity`): the referenced
// document in the target file, picked as the analysis picks it (the kind the key expects,
// and the name after `#` when there is one). Lands on the document's `kind:` line.
import { DocReference, DocumentAnalysis, FileAnalysis, ReferenceHost, splitFragment } from '../core/analyze';
import { LineIndex } from '../core/lineIndex';
import { DocumentKind } from '../core/types';
import { mapPair } from '../core/yamlTree';
import { DefinitionTarget } from './types';

export interface SourceHost extends ReferenceHost {
  textOf(path: string): string | undefined;
}

/** The kind of document each reference key must point at (spec §4, §5). */
const REFERENCED_KIND: Record<DocReference['key'], DocumentKind> = {
  latencyFrom: 'LatencyBudget',
  budget: 'LatencyBudget',
  capacity: 'CapacityModel',
};

/** The referenced document; when none matches (PD004), null and the file's start is the target. */
function referencedDocument(ref: DocReference, documents: DocumentAnalysis[]): DocumentAnalysis | null {
  const [, name] = splitFragment(String(ref.node.value).trim());
  return documents.find(d => d.kind === REFERENCED_KIND[ref.key] && (name === undefined || d.name === name)) ?? null;
}

/** The `kind:` entry of a document, or its first line. */
function landing(document: DocumentAnalysis, lines: LineIndex): { start: number; end: number } {
  const kind = document.root && mapPair(document.root, 'kind');
  if (kind) return { start: kind.keyStart, end: Math.max(kind.keyEnd, kind.end) };
  return { start: document.start, end: lines.lineEnd(lines.positionAt(document.start).line) };
}

export function definitionAt(file: FileAnalysis, offset: number, host: SourceHost): DefinitionTarget | null {
  const document = file.documents.find(d => d.start <= offset && offset <= d.end);
  const ref = document?.references.find(r => r.node.start <= offset && offset <= r.node.end);
  if (!ref?.path) return null;
  const documents = host.documentsOf(ref.path);
  const text = host.textOf(ref.path);
  if (!Array.isArray(documents) || text === undefined) return null;
  const lines = new LineIndex(text);
  const target = referencedDocument(ref, documents);
  const span = target ? landing(target, lines) : { start: 0, end: 0 };
  return { path: ref.path, range: lines.range(span.start, span.end) };
}
