// When the server analyses: as soon as the event loop is free, no fixed debounce.
// vscode-jsonrpc hands over queued messages one per event-loop turn, so a burst of keystrokes
// already waiting is let in first: while a turn brought another change, the flush waits one
// more turn (microseconds), then analyses only the latest version. A single edit costs one
// extra turn; a never-ending stream of changes is still analysed every `maxCoalesceMs`.

export interface Turns {
  /** Runs `fn` on a later event-loop turn, after the messages already queued. */
  next(fn: () => void): void;
  now(): number;
}

const nodeTurns: Turns = { next: fn => setImmediate(fn), now: () => Date.now() };

export class CoalescingScheduler {
  private readonly pending = new Set<string>();
  private flushScheduled = false;
  private changedThisTurn = false;
  private burstStarted = 0;

  /**
   * @param run analyses and publishes one document; a failure is handed to `failed` and the
   *   others still run.
   */
  constructor(
    private readonly run: (uri: string) => void,
    private readonly failed: (uri: string, e: unknown) => void,
    /** Longest a burst of queued changes may hold back diagnostics before the latest version is analysed anyway. */
    private readonly maxCoalesceMs = 100,
    private readonly turns: Turns = nodeTurns,
  ) {}

  schedule(uri: string): void {
    this.pending.add(uri);
    this.changedThisTurn = true;
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.burstStarted = this.turns.now();
    this.turns.next(this.flushWhenQuiet);
  }

  /** A closed document is not analysed any more. */
  cancel(uri: string): void {
    this.pending.delete(uri);
  }

  private readonly flushWhenQuiet = (): void => {
    if (this.changedThisTurn && this.turns.now() - this.burstStarted < this.maxCoalesceMs) {
      this.changedThisTurn = false;
      this.turns.next(this.flushWhenQuiet);
      return;
    }
    this.changedThisTurn = false;
    this.flushScheduled = false;
    const uris = [...this.pending];
    this.pending.clear();
    for (const uri of uris) {
      try {
        this.run(uri);
      } catch (e) {
        this.failed(uri, e);
      }
    }
  };
}
