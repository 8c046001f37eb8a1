// The document the UI and Neovim parts work on: examples/queue-drain.perf.yaml (§20 exercise 2),
// whose queue declares too few workers (CM004).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const QUEUE_DRAIN = 'queue-drain.perf.yaml';

/** The first `workers:` key of the workspace's copy: zero-based line, its value, where the value starts. */
export function workersLine(workspace) {
  const lines = readFileSync(join(workspace, QUEUE_DRAIN), 'utf8').split('\n');
  for (const [line, text] of lines.entries()) {
    const match = /^(\s*workers:\s*)([^\s#]+)/.exec(text);
    if (match) return { line, value: match[2], valueCharacter: match[1].length };
  }
  throw new Error(`${QUEUE_DRAIN} has no "workers:" line`);
}
