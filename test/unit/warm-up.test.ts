// The server's warm-up (lsp/warmUp.ts) runs every kind's analysis and the conversions a first
// open makes: its samples must be perfdoc documents of every kind that analyse (not PD001/PD002
// failures, which would skip the rules), and it must not throw.
import * as assert from 'node:assert/strict';
import { analyzeFile } from '../../server/src/core/analyze';
import { DOCUMENT_KINDS } from '../../server/src/core/types';
import { WARM_UP_SAMPLES, warmUp } from '../../server/src/lsp/warmUp';

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
});
