// The server's warm-up (lsp/warmUp.ts) runs every kind's analysis and the conversions a first
// open makes: its samples must be perfdoc documents of every kind that analyse (not PD001/PD002
// failures, which would skip the rules), and it must not throw.
import * as assert from 'node:assert/strict';
import { analyzeFile } from '../../server/src/core/analyze';
import { DOCUMENT_KINDS } from '../../server/src/core/types';
import { WARM_UP_SAMPLES, warmUp, warmUpInRounds } from '../../server/src/lsp/warmUp';

describe('server warm-up', () => {
  for (const [path, text] of WARM_UP_SAMPLES)
    it(`${path}: one document of every kind, each read past syntax and schema`, () => {
      const docs = analyzeFile(path, text).documents;
      assert.deepEqual(
        docs.map(d => d.kind),
        [...DOCUMENT_KINDS],
      );
      for (const d of docs)
        assert.deepEqual(
          d.findings.filter(f => f.code === 'PD001' || f.code === 'PD002').map(f => f.message),
          [],
          `${d.kind}`,
        );
    });

  it('runs without throwing', () => warmUp());

  describe('in rounds, each on its own turn', () => {
    /** Turns run by hand: `next` queues, `turn()` runs the next queued function. */
    const manualTurns = (accept: () => boolean = () => true) => {
      const queue: (() => void)[] = [];
      return {
        next: (fn: () => void) => queue.push(() => (accept() ? fn() : undefined)),
        turn: () => queue.shift()?.(),
        get queued() {
          return queue.length;
        },
      };
    };

    it('runs nothing on the calling turn, then one round per turn until all have run', () => {
      const turns = manualTurns();
      const failures: unknown[] = [];
      warmUpInRounds(3, turns.next, e => failures.push(e));
      let rounds = 0;
      while (turns.queued) {
        turns.turn();
        rounds++;
      }
      assert.equal(rounds, 4, 'the first turn starts the 3 rounds, the last one queues nothing');
      assert.deepEqual(failures, []);
    });

    it('stops for good when the host declines a turn (a document was opened)', () => {
      let open = false;
      const turns = manualTurns(() => !open);
      warmUpInRounds(30, turns.next, e => assert.fail(String(e)));
      turns.turn();
      turns.turn();
      open = true;
      turns.turn();
      assert.equal(turns.queued, 0);
    });
  });
});
