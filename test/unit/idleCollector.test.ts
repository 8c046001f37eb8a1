import * as assert from 'node:assert/strict';
import { IdleCollector, Timers, fullGc } from '../../server/src/lsp/idleCollector';

/** Timers run by hand: `fire()` runs whatever is due, as if the server had gone idle. */
function manualTimers() {
  const due = new Map<number, () => void>();
  let next = 0;
  const timers: Timers = {
    set: fn => {
      due.set(++next, fn);
      return next;
    },
    clear: h => {
      due.delete(h as number);
    },
  };
  return {
    timers,
    pending: () => due.size,
    fire: () => {
      const fns = [...due.values()];
      due.clear();
      fns.forEach(f => f());
    },
  };
}

describe('idle collector: a full GC once the server is idle after large analyses', () => {
  it('collects once after enough text was analyzed, not before', () => {
    let collections = 0;
    const t = manualTimers();
    const c = new IdleCollector(() => collections++, 1000, 100, t.timers);
    c.analyzed(400);
    c.analyzed(400);
    assert.equal(t.pending(), 0, '800 characters are below the threshold');
    c.analyzed(400);
    assert.equal(t.pending(), 1);
    t.fire();
    assert.equal(collections, 1);
    c.analyzed(999);
    assert.equal(t.pending(), 0, 'the count starts again after a collection');
  });

  it('waits while analyses keep coming: one collection after the last', () => {
    let collections = 0;
    const t = manualTimers();
    const c = new IdleCollector(() => collections++, 1000, 100, t.timers);
    for (let i = 0; i < 5; i++) c.analyzed(2000);
    assert.equal(t.pending(), 1, 'each analysis restarts the one idle wait');
    t.fire();
    assert.equal(collections, 1);
  });

  it('does nothing without a collector', () => {
    const t = manualTimers();
    new IdleCollector(null, 1, 100, t.timers).analyzed(10);
    assert.equal(t.pending(), 0);
  });

  it("gets V8's full collection from Node without command-line flags", () => {
    const gc = fullGc();
    assert.equal(typeof gc, 'function');
    gc!();
  });
});
