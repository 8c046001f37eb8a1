// A workload: the perfdoc documents that reference each other (a budget, the capacity model
// that borrows its latency, the load-test and observability plans held to both). The
// checklist of §18 is judged per workload, so each item is asked of the document that
// can show it. Documents are joined along their resolved references (`latencyFrom`,
// `budget`, `capacity`, with a `#name` fragment picking one of several in a file).
import { type DocReference, type DocumentAnalysis, type FileAnalysis, splitFragment } from './analyze';
import type { DocumentKind } from './types';

export interface WorkloadDocument {
  file: FileAnalysis;
  doc: DocumentAnalysis;
}

export interface Workload {
  /** In the order of the files given, then of the documents in each file. */
  documents: WorkloadDocument[];
}

const TARGET_KIND: Record<DocReference['key'], DocumentKind> = {
  latencyFrom: 'LatencyBudget',
  budget: 'LatencyBudget',
  capacity: 'CapacityModel',
};

/** The perfdoc documents of `files` grouped into workloads (connected by their references). */
export function workloads(files: readonly FileAnalysis[]): Workload[] {
  const docs: WorkloadDocument[] = files.flatMap(file =>
    file.documents.filter(d => d.kind).map(doc => ({ file, doc })),
  );
  const parent = docs.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  const index = new Map(docs.map((d, i) => [d.doc, i]));
  for (const [i, { doc }] of docs.entries()) {
    for (const ref of doc.references) {
      if (!ref.resolved || !ref.path) continue;
      const [, name] = splitFragment(String(ref.node.value ?? '').trim());
      const target = docs.find(
        t =>
          t.file.path === ref.path &&
          t.doc.kind === TARGET_KIND[ref.key] &&
          (name === undefined || t.doc.name === name),
      );
      if (target) parent[root(i)] = root(index.get(target.doc)!);
    }
  }
  const groups = new Map<number, WorkloadDocument[]>();
  for (const [i, d] of docs.entries()) groups.set(root(i), [...(groups.get(root(i)) ?? []), d]);
  return [...groups.values()].map(documents => ({ documents }));
}
