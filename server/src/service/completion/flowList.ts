// The flow list under the cursor (`dependsOn: [d¦]`, `api: [latency, tr¦]`), for the completions
// that offer names in it: where the word being typed starts and ends, and what is already written.
import type { PMap } from '../../core/yamlTree';
import { locate } from '../nodeAt';

export interface FlowListAt {
  /** Path of the list in the document (its key last). */
  listPath: (string | number)[];
  /** Offsets of the word being typed, to be replaced by a choice. */
  start: number;
  end: number;
  /** The list's other items, not offered again. */
  written: Set<string>;
}

export function flowListAt(root: PMap, text: string, offset: number): FlowListAt | undefined {
  const loc = locate(root, offset);
  // The innermost list holding the offset: the cursor is on an item of it, or between its brackets.
  const last = loc.steps[loc.steps.length - 1];
  const seq = last?.type === 'item' ? last.parent : loc.node.type === 'seq' ? loc.node : undefined;
  if (!seq?.flow || offset <= seq.start || offset >= seq.end) return undefined;
  const listPath = last?.type === 'item' ? loc.path.slice(0, -1) : loc.path;
  const word = /[\w.-]*$/.exec(text.slice(seq.start + 1, offset))![0];
  const end = offset + (/^[\w.-]*/.exec(text.slice(offset))?.[0].length ?? 0);
  const written = new Set(
    seq.items.flatMap(i =>
      i.type === 'scalar' && (i.start > offset || i.end < offset - word.length) ? [String(i.value)] : [],
    ),
  );
  return { listPath, start: offset - word.length, end, written };
}
