// Every quick fix of FORMAT.md (LB002-LB005, PD003, CM004, LT001) applied as the editor applies
// it: the code actions for the diagnostic's range, the preferred (else first) fix for that
// diagnostic, `workspace.applyEdit`, then the diagnostic is gone and no other rule fires.
// Plus the source action that writes the §18 production review checklist as a comment block.
const assert = require('assert');
const {
  activeExtensionApi,
  addChecklist,
  applyQuickFix,
  CHECKLIST_HEADER,
  cleanUpEditors,
  diagnosticCode,
  openScratchDoc,
  positionOf,
  waitForDiagnosticCode,
} = require('./helpers');

const lines = (...text) => `${text.join('\n')}\n`;
const header = (kind, name) => [`apiVersion: perfdoc/v1`, `kind: ${kind}`, `name: ${name}`];
const CRITERIA = '{ p95: 500ms, p99: 1200ms, errorRate: 0.1% }';

/** Documents healthy but for one rule, and what the fixed text must hold. */
const CASES = [
  {
    code: 'LB002', // 50 + 245 = 295 of 300 ms: 5 ms of room, under 5% (15 ms) (§5.1 rule 5)
    text: lines(
      ...header('LatencyBudget', 'No room for variance'),
      'target:',
      '  p50: 100ms',
      '  p95: 300ms',
      '  p99: 600ms',
      '  timeout: 1s',
      '  errorRate: 0.1%',
      'segments:',
      '  - name: Edge',
      '    budget: 50ms',
      '  - name: Application',
      '    budget: 245ms',
    ),
    // The missing 10 ms move from the largest segment into a new Buffer segment: the total stays 295 ms.
    fixed: /- name: Application\n {4}budget: 235ms\n {2}- name: Buffer\n {4}budget: 10ms\n {4}buffer: true\n/,
  },
  {
    code: 'LB003', // no p99 target (§18.1)
    text: lines(
      ...header('LatencyBudget', 'No p99'),
      'target:',
      '  p50: 100ms',
      '  p95: 300ms',
      '  timeout: 1s',
      '  errorRate: 0.1%',
      'segments:',
      '  - name: Edge',
      '    budget: 50ms',
      '  - name: Application',
      '    budget: 150ms',
      '  - name: Buffer',
      '    budget: 50ms',
      '    buffer: true',
    ),
    fixed: /\n {2}p95: 300ms\n {2}p99: \d+m?s\n {2}timeout: 1s\n/,
  },
  {
    code: 'LB004', // no request timeout (§18.1)
    text: lines(
      ...header('LatencyBudget', 'No timeout'),
      'target: { p50: 100ms, p95: 300ms, p99: 600ms, errorRate: 0.1% }',
      'segments:',
      '  - { name: Edge, budget: 50ms }',
      '  - { name: Application, budget: 150ms }',
      '  - { name: Buffer, budget: 50ms, buffer: true }',
    ),
    fixed: /^target: \{ p50: 100ms, p95: 300ms, p99: 600ms, timeout: \d+m?s, errorRate: 0\.1% \}$/m,
  },
  {
    code: 'LB005', // a dependency without timeout; the fix sets 2 × its 60 ms budget
    text: lines(
      ...header('LatencyBudget', 'Dependency without timeout'),
      'target: { p50: 100ms, p95: 300ms, p99: 600ms, timeout: 1s, errorRate: 0.1% }',
      'segments:',
      '  - name: Edge',
      '    budget: 50ms',
      '  - name: Profile lookup',
      '    budget: 60ms',
      '    dependency: profile-svc',
      '  - name: Application',
      '    budget: 100ms',
      '  - name: Buffer',
      '    budget: 40ms',
      '    buffer: true',
    ),
    fixed: /\n {4}dependency: profile-svc\n {4}timeout: 120ms\n/,
  },
  {
    code: 'PD003', // a duration without a unit
    text: lines(
      ...header('LatencyBudget', 'Unitless budget'),
      'target: { p50: 100ms, p95: 300ms, p99: 600ms, timeout: 1s, errorRate: 0.1% }',
      'segments:',
      '  - name: Edge',
      '    budget: 40',
      '  - name: Application',
      '    budget: 150ms',
      '  - name: Buffer',
      '    budget: 50ms',
      '    buffer: true',
    ),
    fixed: /\n {4}budget: 40ms\n/,
  },
  {
    code: 'CM004', // ceil(2,000,000 / (1,800 s × 40/s)) = 28 workers needed, 20 declared (§8.4)
    text: lines(
      ...header('CapacityModel', 'Orders backlog drain'),
      'traffic:',
      '  peakRps: 400',
      '  latency: 25ms',
      'headroom:',
      '  safetyFactor: 1.5',
      'queues:',
      '  - name: orders',
      '    backlog: 2000000',
      '    ratePerWorker: 40/s',
      '    drainTime: 30m',
      '    workers: 20',
    ),
    fixed: /\n {4}workers: 28\n/,
  },
  {
    // Seven of the eight test types: no soak test (§13.1). Each test has a shape that can teach (LT007):
    // the failover test names its failure (§13.4); no capacity model, so no peak or breaking point to pass.
    code: 'LT001',
    text: lines(
      ...header('LoadTestPlan', 'No soak test'),
      'tests:',
      ...[
        ['smoke', 5, '5m'],
        ['baseline', 300, '30m'],
        ['load', 600, '30m', 'cache: cold'],
        ['stress', 1200, '40m'],
        ['spike', 600, '10m'],
        ['failover', 600, '30m', 'inject: [zone-lost]'],
        ['backlog-drain', 600, '30m'],
      ].map(
        ([type, rps, duration, more]) =>
          `  - { type: ${type}, rps: ${rps}, duration: ${duration},${more ? ` ${more},` : ''} criteria: ${CRITERIA} }`,
      ),
    ),
    fixed: /type: soak/,
  },
];

const codesOf = diagnostics => [...new Set(diagnostics.map(diagnosticCode))].sort();

describe('quick fixes', () => {
  before(activeExtensionApi);
  afterEach(cleanUpEditors);

  for (const { code, text, fixed } of CASES) {
    it(`fixes ${code}: the diagnostic is gone and no other rule fires`, async () => {
      const document = await openScratchDoc(`scratch-fix-${code}.perf.yaml`, text);
      const { fix, before, after } = await applyQuickFix(document, code);
      assert.deepStrictEqual(codesOf(before), [code], 'the document should be healthy but for this rule');
      assert.match(document.getText(), fixed, `after "${fix.title}"`);
      assert.deepStrictEqual(codesOf(after), [], `"${fix.title}" made other rules fire`);
    });
  }

  it('adds the production review checklist as a comment block, and refreshes it in place', async () => {
    const document = await openScratchDoc('scratch-checklist.perf.yaml', CASES.find(c => c.code === 'LB002').text);
    await waitForDiagnosticCode(document.uri, 'LB002');
    await addChecklist(document, positionOf(document, /^kind: /m));
    const text = document.getText();
    assert.ok(text.includes(CHECKLIST_HEADER), `no checklist header in ${JSON.stringify(text)}`);
    const block = text.slice(text.indexOf(CHECKLIST_HEADER));
    assert.ok(
      block
        .trimEnd()
        .split('\n')
        .every(line => line.startsWith('#')),
      `not a comment block: ${JSON.stringify(block)}`,
    );
    assert.match(block, /\[ \]/, 'the open items are unchecked boxes');
    await addChecklist(document, positionOf(document, /^kind: /m));
    assert.strictEqual(
      document.getText(),
      text,
      'applying the action again must replace the block, not add a second one',
    );
  });
});
