// A lens above each perfdoc document with its headline figure (Σ vs target, in-flight, coverage).
import type { FileAnalysis } from '../core/analyze';
import { headline } from '../core/summary';
import { LensItem } from './types';

export function codeLenses(file: FileAnalysis): LensItem[] {
  return file.documents.flatMap(d => {
    const title = d.kind ? headline(d) : null;
    if (!title || !d.root) return [];
    const first = d.root.pairs[0];
    return [{ start: first?.keyStart ?? d.start, end: first?.keyEnd ?? d.start, title: `${d.kind}: ${title}` }];
  });
}
