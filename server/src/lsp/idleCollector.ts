// A full garbage collection once the server goes idle after large analyses. Each edit of a
// 10,000-segment budget allocates ~35 MB that dies at once; V8 lets such garbage pile up
// before it collects: the server peaked at 261-268 MiB over ten such edits for ~55 MiB of
// live data. Collecting when the user pauses kept the peak at 152-153 MiB with edit →
// diagnostics unchanged (lspbench, same run), and never delays a diagnostic: the collection
// waits until no analysis has run for `idleMs`.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const nodeTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: handle => clearTimeout(handle as NodeJS.Timeout),
};

export class IdleCollector {
  private analyzedChars = 0;
  private pending: unknown;

  constructor(
    private readonly collect: (() => void) | null,
    /** Characters analyzed since the last collection that make one worth its ~20-40 ms. */
    private readonly thresholdChars = 512 * 1024,
    private readonly idleMs = 100,
    private readonly timers: Timers = nodeTimers,
  ) {}

  /** Called after each analysis; (re)starts the idle wait once enough text was analyzed. */
  analyzed(chars: number): void {
    if (!this.collect) return;
    this.analyzedChars += chars;
    if (this.analyzedChars < this.thresholdChars) return;
    if (this.pending !== undefined) this.timers.clear(this.pending);
    this.pending = this.timers.set(() => {
      this.pending = undefined;
      this.analyzedChars = 0;
      this.collect!();
    }, this.idleMs);
  }
}

/** V8's full collection, which Node exposes only under --expose-gc: a fresh context gets it. Null if the runtime refuses. */
export function fullGc(): (() => void) | null {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}
