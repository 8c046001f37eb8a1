// Quick fixes and the checklist source action, as pure functions: each fix is applied to the
// text, the result analyzed again, and it must (a) still parse and match the schema, (b) no
// longer report the fixed finding and (c) not make another rule fire.
import * as assert from 'node:assert/strict';
import { FileAnalysis, ReferenceHost, analyzeFile, fileDiagnostics } from '../../server/src/core/analyze';
import type { Diagnostic } from '../../server/src/core/types';
import { codeActions } from '../../server/src/service/codeActions';
import { CHECKLIST_COMMENT_HEADER, reviewChecklist } from '../../server/src/core/checklist';
import type { CodeActionItem, TextEdit } from '../../server/src/service/types';

const DIR = '/ws';
const yaml = (...lines: string[]) => lines.join('\n') + '\n';

function applyEdits(text: string, edits: TextEdit[]): string {
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

/** Referenced files, analyzed on demand (shallow, as the server does). */
function host(files: Record<string, string>): ReferenceHost {
  return { documentsOf: p => (p in files ? analyzeFile(p, files[p]).documents : { error: `${p} not found` }) };
}

const analyze = (path: string, text: string, refs: Record<string, string> = {}) =>
  analyzeFile(path, text, { references: host(refs) });
const codesOf = (file: FileAnalysis) => fileDiagnostics(file).map(d => d.code);
const count = (codes: string[], code: string) => codes.filter(c => c === code).length;

function actionsFor(file: FileAnalysis, diagnostic: Diagnostic): CodeActionItem[] {
  const at = file.lines.offsetAt(diagnostic.range.start);
  return codeActions(file, at, file.lines.offsetAt(diagnostic.range.end), [diagnostic]).filter(
    a => a.kind === 'quickfix',
  );
}

interface Fixed {
  action: CodeActionItem;
  text: string;
  after: FileAnalysis;
}

/** Applies the quick fix for the first `code` diagnostic (the one whose title matches `pick`) and checks (a)-(c). */
function fix(path: string, text: string, code: string, pick?: RegExp, refs: Record<string, string> = {}): Fixed {
  const before = analyze(path, text, refs);
  const diagnostic = fileDiagnostics(before).find(d => d.code === code);
  assert.ok(diagnostic, `no ${code} in ${JSON.stringify(codesOf(before))}`);
  const actions = actionsFor(before, diagnostic);
  const action = pick ? actions.find(a => pick.test(a.title)) : actions[0];
  assert.ok(
    action,
    `no quick fix${pick ? ` matching ${pick}` : ''} for ${code}: ${JSON.stringify(actions.map(a => a.title))}`,
  );
  assert.deepEqual(action.diagnostics, [diagnostic], 'the action names the diagnostic it fixes');
  const fixed = applyEdits(text, action.edits);
  const after = analyze(path, fixed, refs);
  const was = codesOf(before),
    now = codesOf(after);
  assert.deepEqual(
    now.filter(c => c === 'PD001' || c === 'PD002'),
    [],
    `the fix leaves a valid document:\n${fixed}\n${JSON.stringify(fileDiagnostics(after))}`,
  );
  if (code !== 'LT001')
    assert.ok(count(now, code) < count(was, code), `${code} still reported after "${action.title}":\n${fixed}`);
  for (const c of new Set(now))
    assert.ok(
      count(now, c) <= count(was, c),
      `"${action.title}" made ${c} fire:\n${fixed}\n${JSON.stringify(fileDiagnostics(after).filter(d => d.code === c))}`,
    );
  return { action, text: fixed, after };
}

const budget = (target: string[], segments: string[]) =>
  yaml('apiVersion: perfdoc/v1', 'kind: LatencyBudget', 'name: Search', ...target, ...segments);
const blockTarget = ['target:', '  p50: 100ms', '  p95: 300ms', '  p99: 600ms', '  timeout: 1s'];

describe('code actions: LatencyBudget quick fixes', () => {
  describe('LB002 reserves a buffer out of the largest segment', () => {
    it('block list of block items', () => {
      const { action, text } = fix(
        `${DIR}/a.perf.yaml`,
        budget(blockTarget, [
          'segments:',
          '  - name: Edge',
          '    budget: 50ms',
          '  - name: Application',
          '    budget: 245ms',
          '    # the app',
        ]),
        'LB002',
      );
      assert.equal(action.title, 'Add a 10 ms Buffer segment, taken from "Application" (245 ms → 235 ms)');
      assert.ok(
        text.endsWith(
          '  - name: Application\n    budget: 235ms\n    # the app\n  - name: Buffer\n    budget: 10ms\n    buffer: true\n',
        ),
        text,
      );
    });

    it('4-space indentation', () => {
      const { text } = fix(
        `${DIR}/a.perf.yaml`,
        yaml(
          'apiVersion: perfdoc/v1',
          'kind: LatencyBudget',
          'name: Search',
          'target:',
          '    p50: 100ms',
          '    p95: 300ms',
          '    p99: 600ms',
          '    timeout: 1s',
          'segments:',
          '    -   name: Edge',
          '        budget: 50ms',
          '    -   name: Application',
          '        budget: 245ms',
        ),
        'LB002',
      );
      assert.ok(text.endsWith('    -   name: Buffer\n        budget: 10ms\n        buffer: true\n'), text);
    });

    it('flow list', () => {
      const { text } = fix(
        `${DIR}/a.perf.yaml`,
        budget(blockTarget, ['segments: [{ name: Edge, budget: 50ms }, { name: Application, budget: 245ms }]']),
        'LB002',
      );
      assert.match(
        text,
        /^segments: \[\{ name: Edge, budget: 50ms \}, \{ name: Application, budget: 235ms \}, \{ name: Buffer, budget: 10ms, buffer: true \}\]$/m,
      );
    });

    it('block list of flow items gets a flow item', () => {
      const { text } = fix(
        `${DIR}/a.perf.yaml`,
        budget(
          ['target: { p50: 100ms, p95: 300ms, p99: 600ms, timeout: 1s }'],
          ['segments:', '  - { name: Edge, budget: 50ms }', '  - { name: Application, budget: 245ms }'],
        ),
        'LB002',
      );
      assert.ok(
        text.endsWith('  - { name: Application, budget: 235ms }\n  - { name: Buffer, budget: 10ms, buffer: true }\n'),
        text,
      );
    });

    it('grows an existing buffer segment instead of adding a second one', () => {
      const { action, text } = fix(
        `${DIR}/a.perf.yaml`,
        budget(blockTarget, [
          'segments:',
          '  - { name: Edge, budget: 50ms }',
          '  - { name: Application, budget: 240ms }',
          '  - { name: Slack, budget: 5ms, buffer: true }',
        ]),
        'LB002',
      );
      // 50 + 240 + 5 = 295 ms of 300: 5 ms headroom + 5 ms buffer, 15 ms needed
      assert.equal(action.title, 'Grow the "Slack" buffer by 5 ms, taken from "Application" (240 ms → 235 ms)');
      assert.match(text, /name: Application, budget: 235ms/);
      assert.match(text, /name: Slack, budget: 10ms, buffer: true/);
    });
  });

  describe('LB003 adds the missing percentiles', () => {
    it('block target: p95 = 3 × p50, p99 = 2.4 × p95, in order', () => {
      const { action, text } = fix(
        `${DIR}/a.perf.yaml`,
        budget(
          ['target:', '  p50: 100ms', '  timeout: 1s', '  errorRate: 0.1%'],
          ['segments:', '  - name: App', '    budget: 200ms'],
        ),
        'LB003',
      );
      assert.equal(action.title, 'Add p95: 300ms, p99: 720ms to target');
      assert.match(text, /target:\n {2}p50: 100ms\n {2}p95: 300ms\n {2}p99: 720ms\n {2}timeout: 1s\n/);
    });

    it('flow target, inside the braces', () => {
      const { text } = fix(
        `${DIR}/a.perf.yaml`,
        budget(['target: { p50: 100ms, timeout: 1s }'], ['segments: [{ name: App, budget: 200ms }]']),
        'LB003',
      );
      assert.match(text, /^target: \{ p50: 100ms, p95: 300ms, p99: 720ms, timeout: 1s \}$/m);
    });

    it('the budgeted percentile leaves 5% above the critical path, and p99 stays within the timeout', () => {
      const { text } = fix(
        `${DIR}/a.perf.yaml`,
        budget(['target: { p50: 100ms, timeout: 500ms }'], ['segments: [{ name: App, budget: 400ms }]']),
        'LB003',
      );
      // 400 / 0.95 = 421 → 430 ms; 2.4 × 430 = 1,032 ms is over the 500 ms timeout: capped.
      assert.match(text, /^target: \{ p50: 100ms, p95: 430ms, p99: 500ms, timeout: 500ms \}$/m);
    });

    it('only p99 missing: after p95', () => {
      const { text } = fix(
        `${DIR}/a.perf.yaml`,
        budget(['target:', '  p95: 500ms', '  timeout: 2s'], ['segments: [{ name: App, budget: 200ms }]']),
        'LB003',
      );
      assert.match(text, /target:\n {2}p95: 500ms\n {2}p99: 1200ms\n {2}timeout: 2s\n/);
    });
  });

  it('LB003 and LB004 add a whole target to a document without one, after name', () => {
    const noTarget = budget([], ['segments:', '  - name: App', '    budget: 200ms']);
    const { text } = fix(`${DIR}/a.perf.yaml`, noTarget, 'LB003');
    // p95 = 200 / 0.95 → 220 ms (5% above the critical path), p99 = 2.4 × 220 → 530 ms
    assert.match(text, /^name: Search\ntarget: \{ p95: 220ms, p99: 530ms \}\nsegments:/m);
    const { text: withTimeout } = fix(`${DIR}/a.perf.yaml`, noTarget, 'LB004');
    assert.match(withTimeout, /^name: Search\ntarget: \{ timeout: 400ms \}\nsegments:/m);
  });

  describe('LB004 adds a request timeout', () => {
    it('block: 2 × p99 after p99', () => {
      const { action, text } = fix(
        `${DIR}/a.perf.yaml`,
        budget(
          ['target:', '  p50: 100ms', '  p95: 300ms', '  p99: 600ms', '  errorRate: 0.1%'],
          ['segments: [{ name: App, budget: 200ms }]'],
        ),
        'LB004',
      );
      assert.equal(action.title, 'Add timeout: 1200ms to target (≥ worst case 200 ms, 2 × 600 ms)');
      assert.match(text, /p99: 600ms\n {2}timeout: 1200ms\n {2}errorRate: 0.1%/);
    });

    it('flow: at least the worst case with retries, so LB007 does not fire', () => {
      const { text } = fix(
        `${DIR}/a.perf.yaml`,
        budget(
          ['target: { p50: 100ms, p95: 300ms, p99: 600ms }'],
          [
            'segments:',
            '  - { name: Query, budget: 150ms, dependency: db, timeout: 400ms, retries: 2, backoff: 50ms, jitter: true }',
          ],
        ),
        'LB004',
      );
      // (1 + 2) × 400 + 2 × 50 = 1,300 ms > 2 × 600 ms
      assert.match(text, /^target: \{ p50: 100ms, p95: 300ms, p99: 600ms, timeout: 1300ms \}$/m);
    });
  });

  describe('LB005 adds a dependency timeout (preferred)', () => {
    it('block segment: right after dependency', () => {
      const { action, text } = fix(
        `${DIR}/a.perf.yaml`,
        budget(blockTarget, [
          'segments:',
          '  - name: Profile',
          '    budget: 60ms',
          '    dependency: profile-svc  # owned by team X',
          '    retries: 0',
          '  - { name: Buffer, budget: 40ms, buffer: true }',
        ]),
        'LB005',
      );
      assert.equal(action.title, 'Add timeout: 120ms to "Profile" (2 × its 60 ms budget)');
      assert.equal(action.isPreferred, true);
      assert.match(text, / {4}dependency: profile-svc {2}# owned by team X\n {4}timeout: 120ms\n {4}retries: 0\n/);
    });

    it('flow segment in a parallel group: the segment the diagnostic is on', () => {
      const { text } = fix(
        `${DIR}/a.perf.yaml`,
        budget(blockTarget, [
          'segments:',
          '  - name: Fan-out',
          '    parallel:',
          '      - { name: a, budget: 60ms, dependency: a-svc, timeout: 100ms }',
          '      - { name: b, budget: 80ms, dependency: b-svc, retries: 0 }',
          '  - { name: Buffer, budget: 40ms, buffer: true }',
        ]),
        'LB005',
      );
      assert.match(text, /\{ name: b, budget: 80ms, dependency: b-svc, timeout: 160ms, retries: 0 \}/);
    });
  });
});

describe('code actions: PD003, CM004 and LT001', () => {
  it('PD003 appends ms to a unitless duration, block and flow (preferred)', () => {
    const block = fix(
      `${DIR}/a.perf.yaml`,
      budget(blockTarget, [
        'segments:',
        '  - name: App',
        '    budget: 40',
        '  - { name: Buffer, budget: 40ms, buffer: true }',
      ]),
      'PD003',
    );
    assert.equal(block.action.title, 'Append "ms": 40ms');
    assert.equal(block.action.isPreferred, true);
    assert.match(block.text, / {4}budget: 40ms\n/);
    const flow = fix(
      `${DIR}/a.perf.yaml`,
      budget(
        ['target: { p50: 100ms, p95: 300ms, p99: 600ms, timeout: 1000 }'],
        ['segments: [{ name: App, budget: 100ms }]'],
      ),
      'PD003',
    );
    assert.match(flow.text, /timeout: 1000ms \}/);
  });

  it('PD003 quotes a grouped number that a flow mapping split at its comma (§8), adding ms when it has no unit', () => {
    const target = (p99: string) => [`target: { p50: 100ms, p95: 300ms, p99: ${p99}, timeout: 2s }`];
    const split = fix(
      `${DIR}/a.perf.yaml`,
      budget(target('1,200 ms'), ['segments: [{ name: App, budget: 100ms }]']),
      'PD003',
    );
    assert.equal(split.action.title, 'Quote it: "1,200 ms"');
    assert.equal(split.action.isPreferred, true);
    assert.match(split.text, /p99: "1,200 ms", timeout: 2s \}/);
    const bare = fix(
      `${DIR}/a.perf.yaml`,
      budget(target('1,200'), ['segments: [{ name: App, budget: 100ms }]']),
      'PD003',
    );
    assert.match(bare.text, /p99: "1,200ms", timeout/);
  });

  const queues = (workers: string) =>
    yaml(
      'apiVersion: perfdoc/v1',
      'kind: CapacityModel',
      'name: Orders',
      'traffic: { peakRps: 100 }',
      'headroom: { safetyFactor: 1.5 }',
      'queues:',
      workers,
    );

  it('CM004 sets workers to the workers needed, block and flow (preferred)', () => {
    const block = fix(
      `${DIR}/q.perf.yaml`,
      queues('  - name: orders\n    backlog: 2000000\n    ratePerWorker: 40/s\n    drainTime: 30m\n    workers: 20'),
      'CM004',
    );
    assert.equal(block.action.title, 'Set workers to 28 to drain 2,000,000 messages in 30 min');
    assert.equal(block.action.isPreferred, true);
    assert.match(block.text, / {4}workers: 28\n/);
    const flow = fix(
      `${DIR}/q.perf.yaml`,
      queues('  - { name: orders, backlog: 2000000, ratePerWorker: 40/s, drainTime: 30m, workers: 20 }'),
      'CM004',
    );
    assert.match(flow.text, /drainTime: 30m, workers: 28 \}/);
  });

  const refs = {
    [`${DIR}/budget.perf.yaml`]: budget(
      ['target: { p50: 100ms, p95: 300ms, p99: 800ms, timeout: 2s, errorRate: 0.05% }'],
      ['segments: [{ name: App, budget: 200ms }]'],
    ),
    [`${DIR}/capacity.perf.yaml`]: yaml(
      'apiVersion: perfdoc/v1',
      'kind: CapacityModel',
      'name: C',
      'traffic: { peakRps: 1500 }',
      'headroom: { safetyFactor: 1.5 }',
    ),
  };
  const plan = (...tests: string[]) =>
    yaml(
      'apiVersion: perfdoc/v1',
      'kind: LoadTestPlan',
      'name: Plan',
      'budget: ./budget.perf.yaml',
      'capacity: ./capacity.perf.yaml',
      'tests:',
      ...tests,
    );

  it('LT001 offers one skeleton per missing type, each free of LT002/LT003/LT004', () => {
    const text = plan(
      '    - type: load',
      '      rps: 1500',
      '      duration: 30m',
      '      cache: cold',
      '      criteria: { p95: 300ms, p99: 800ms, errorRate: 0.05% }',
    );
    const file = analyze(`${DIR}/plan.perf.yaml`, text, refs);
    const lt001 = fileDiagnostics(file).find(d => d.code === 'LT001')!;
    const titles = actionsFor(file, lt001).map(a => a.title);
    assert.deepEqual(titles, [
      'Add a skeleton smoke test (15 rps for 5m)',
      'Add a skeleton baseline test (750 rps for 30m)',
      'Add a skeleton stress test (3,000 rps for 40m)',
      'Add a skeleton spike test (1,500 rps for 10m)',
      'Add a skeleton soak test (750 rps for 4h)',
      'Add a skeleton failover test (1,500 rps for 30m)',
      'Add a skeleton backlog-drain test (1,500 rps for 30m)',
      'Suppress LT001 for this item…',
    ]);
    for (const [i, type] of ['smoke', 'baseline', 'stress', 'spike', 'soak', 'failover', 'backlog-drain'].entries()) {
      const { after } = fix(`${DIR}/plan.perf.yaml`, text, 'LT001', new RegExp(` ${type} test`), refs);
      assert.ok(!after.documents[0].loadTest!.figures.missingTestTypes.includes(type as never), titles[i]);
    }
    const { text: soak } = fix(`${DIR}/plan.perf.yaml`, text, 'LT001', / soak /, refs);
    assert.ok(
      soak.endsWith(
        '    - type: soak\n      rps: 750\n      duration: 4h\n      cache: warm\n      criteria: { p95: 300ms, p99: 800ms, errorRate: 0.05% }\n',
      ),
      soak,
    );
  });

  it('LT001 in a flow list, and without references (placeholder peak, spec default criteria)', () => {
    const text = yaml(
      'apiVersion: perfdoc/v1',
      'kind: LoadTestPlan',
      'name: Plan',
      'tests: [{ type: load, rps: 100, duration: 30m, cache: cold, criteria: { p95: 500ms, p99: 1200ms, errorRate: 0.1% } }]',
    );
    const { text: fixed } = fix(`${DIR}/plan.perf.yaml`, text, 'LT001', / spike /);
    assert.match(
      fixed,
      /, \{ type: spike, rps: 100, duration: 10m, rampUp: 10s, cache: warm, criteria: \{ p95: 500ms, p99: 1200ms, errorRate: 0.1% \} \}\]$/m,
    );
  });

  it('LT001 after a last test whose criteria are an alias', () => {
    const text = plan(
      '  - type: smoke',
      '    rps: 5',
      '    criteria: &slo { p95: 300ms, p99: 800ms, errorRate: 0.05% }',
      '  - type: load',
      '    rps: 1500',
      '    cache: cold',
      '    criteria: *slo',
      '# end of tests',
    );
    const { text: fixed } = fix(`${DIR}/plan.perf.yaml`, text, 'LT001', / soak /, refs);
    assert.match(fixed, /criteria: \*slo\n {2}- type: soak\n {4}rps: 750\n[^]*\n# end of tests\n$/);
  });
});

describe('code actions: binding, Markdown fences, line breaks', () => {
  const lb005 = budget(blockTarget, [
    'segments:',
    '  - name: Profile',
    '    budget: 60ms',
    '    dependency: profile-svc',
    '  - { name: Buffer, budget: 40ms, buffer: true }',
  ]);

  const withData: [string, string][] = [
    [
      'LB002',
      budget(blockTarget, ['segments:', '  - { name: Edge, budget: 50ms }', '  - { name: App, budget: 245ms }']),
    ],
    ['LB003', budget(['target: { p50: 100ms, timeout: 1s }'], ['segments: [{ name: App, budget: 200ms }]'])],
    ['LB005', lb005],
    ['PD003', budget(blockTarget, ['segments: [{ name: App, budget: 40 }]'])],
    [
      'CM004',
      yaml(
        'apiVersion: perfdoc/v1',
        'kind: CapacityModel',
        'name: Q',
        'traffic: { peakRps: 1 }',
        'queues: [{ name: q, backlog: 1000, ratePerWorker: 1/s, drainTime: 100s, workers: 2 }]',
      ),
    ],
    ['LT001', yaml('apiVersion: perfdoc/v1', 'kind: LoadTestPlan', 'name: P', 'tests: [{ type: load }]')],
  ];
  for (const [code, text] of withData) {
    it(`${code}: the same fix when the client drops data`, () => {
      const file = analyze(`${DIR}/a.perf.yaml`, text);
      const d = fileDiagnostics(file).find(x => x.code === code)!;
      assert.ok(d.data, 'the server publishes data');
      const { data: _dropped, ...bare } = d;
      const withIt = actionsFor(file, d),
        without = actionsFor(file, bare);
      assert.ok(withIt.length);
      assert.deepEqual(
        without.map(a => [a.title, a.edits]),
        withIt.map(a => [a.title, a.edits]),
      );
    });
  }

  it('offers nothing for a stale diagnostic (no finding at that range any more)', () => {
    const file = analyze(`${DIR}/a.perf.yaml`, lb005);
    const d = fileDiagnostics(file).find(x => x.code === 'LB005')!;
    assert.deepEqual(
      actionsFor(file, { ...d, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } } }),
      [],
    );
  });

  it('inside an indented Markdown fence: offsets absolute, indentation of the fence', () => {
    const indent = (s: string) =>
      s
        .split('\n')
        .map(l => (l ? `  ${l}` : l))
        .join('\n');
    const md = `# Design\n\nSome prose.\n\n  \`\`\`yaml\n${indent(lb005)}  \`\`\`\n\nMore prose.\n`;
    const { text } = fix(`${DIR}/design.md`, md, 'LB005');
    assert.match(
      text,
      /\n {4}- name: Profile\n {6}budget: 60ms\n {6}dependency: profile-svc\n {6}timeout: 120ms\n {4}- \{ name: Buffer/,
    );
    assert.ok(text.endsWith('  ```\n\nMore prose.\n'));
    const lb002 = `Intro\n\n\`\`\`perfdoc\n${budget(blockTarget, ['segments:', '  - name: Edge', '    budget: 50ms', '  - name: App', '    budget: 245ms'])}\`\`\`\n`;
    assert.match(
      fix(`${DIR}/design.md`, lb002, 'LB002').text,
      /budget: 235ms\n {2}- name: Buffer\n {4}budget: 10ms\n {4}buffer: true\n```\n$/,
    );
  });

  it('keeps CRLF line breaks', () => {
    const { text } = fix(`${DIR}/a.perf.yaml`, lb005.replace(/\n/g, '\r\n'), 'LB005');
    assert.match(text, /dependency: profile-svc\r\n {4}timeout: 120ms\r\n/);
    assert.ok(!/[^\r]\n/.test(text));
  });

  it('fixes the document the diagnostic is in when a file holds several', () => {
    const two = `${lb005}---\n${lb005.replace('name: Search', 'name: Other')}`;
    const { after } = fix(`${DIR}/a.perf.yaml`, two, 'LB005');
    assert.deepEqual(
      after.documents.map(d => d.findings.filter(f => f.code === 'LB005').length),
      [0, 1],
    );
  });
});

describe('code actions: "Add production review checklist"', () => {
  const checklistAction = (file: FileAnalysis, offset: number) =>
    codeActions(file, offset, offset, []).find(a => a.kind === 'source.addChecklist');

  it('is offered anywhere in a perfdoc document and nowhere else', () => {
    const md = `# Title\n\n\`\`\`yaml\n${budget(blockTarget, ['segments: [{ name: App, budget: 200ms }]'])}\`\`\`\n`;
    const file = analyze(`${DIR}/d.md`, md);
    assert.ok(checklistAction(file, md.indexOf('segments')));
    assert.equal(checklistAction(file, 2), undefined);
    assert.equal(checklistAction(analyze(`${DIR}/other.yaml`, 'a: 1\n'), 0), undefined);
  });

  it("in an indented Markdown fence: inside the fence, at the fence's indentation", () => {
    const body = budget(blockTarget, ['segments: [{ name: App, budget: 200ms }]'])
      .split('\n')
      .map(l => (l ? `  ${l}` : l))
      .join('\n');
    const md = `Intro\n\n  \`\`\`yaml\n${body}  \`\`\`\n\nAfter.\n`;
    const file = analyze(`${DIR}/d.md`, md);
    const text = applyEdits(md, checklistAction(file, md.indexOf('segments'))!.edits);
    assert.match(
      text,
      /\n {2}segments: \[\{ name: App, budget: 200ms \}\]\n\n {2}# Production review checklist[^\n]*\n {2}# §18\.1 Latency\n/,
    );
    assert.match(text, /\n {2}# \[ \] [^\n]* — [^\n]*\n {2}```\n\nAfter\.\n$/);
    assert.deepEqual(codesOf(analyze(`${DIR}/d.md`, text)), codesOf(file));
  });

  it('writes the open items as a comment block at the end of the document, and refreshes it when applied again', () => {
    const doc = budget(blockTarget, [
      'segments:',
      '  - name: App',
      '    budget: 200ms',
      '    dependency: app-db',
      '  # trailing note',
    ]);
    const text = `${doc}---\n${yaml('apiVersion: perfdoc/v1', 'kind: CapacityModel', 'name: C', 'traffic: { peakRps: 10 }')}`;
    const file = analyze(`${DIR}/a.perf.yaml`, text);
    const action = checklistAction(file, 10)!;
    assert.equal(action.title, 'Add production review checklist');
    const once = applyEdits(text, action.edits);
    const block = once.slice(once.indexOf(`# ${CHECKLIST_COMMENT_HEADER}`), once.indexOf('---'));
    const open = reviewChecklist(file.documents[0]).filter(i => i.status !== 'satisfied');
    assert.deepEqual(
      block
        .split('\n')
        .filter(l => l.startsWith('# [ ]'))
        .map(l => l.slice(6, l.indexOf(' — '))),
      open.map(i => i.text),
    );
    assert.match(
      block,
      /# §18\.1 Latency\n# \[ \] No accidental synchronous cross-region call exists — declare region:/,
    );
    assert.match(
      block,
      /# \[ \] External dependencies have explicit timeout and retry policy — add a timeout to "App" \(LB005\)/,
    );
    assert.ok(!block.includes('p50/p95/p99 targets are defined'), 'satisfied items are left out');
    assert.ok(!block.includes('§18.6'), "§18.6 is an ObservabilityPlan's to show, not a budget's");
    assert.ok(
      once.startsWith(`${doc}\n# ${CHECKLIST_COMMENT_HEADER}`),
      'written after the document and the comment that belongs to it',
    );
    const again = analyze(`${DIR}/a.perf.yaml`, once);
    assert.deepEqual(codesOf(again), codesOf(file), 'a comment changes no finding');
    const twice = applyEdits(once, checklistAction(again, 10)!.edits);
    assert.equal(twice, once, 'applied again, the block is replaced, not repeated');
  });
});

describe('code actions: every quick fix on the examples', () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const examples = path.resolve(__dirname, '..', '..', '..', 'examples');
  const files = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap(e =>
        e.isDirectory() ? files(path.join(dir, e.name)) : /\.(ya?ml|md)$/.test(e.name) ? [path.join(dir, e.name)] : [],
      );
  const disk: ReferenceHost = {
    documentsOf: p => (fs.existsSync(p) ? analyzeFile(p, fs.readFileSync(p, 'utf8')).documents : { error: 'missing' }),
  };

  it('leaves each document valid, removes its finding and makes no other rule fire', () => {
    let applied = 0;
    for (const file of files(examples)) {
      const text = fs.readFileSync(file, 'utf8');
      const before = analyzeFile(file, text, { references: disk });
      for (const d of fileDiagnostics(before)) {
        for (const action of actionsFor(before, d)) {
          const after = analyzeFile(file, applyEdits(text, action.edits), { references: disk });
          const was = codesOf(before),
            now = codesOf(after);
          const where = `${path.relative(examples, file)}: ${d.code} "${action.title}"`;
          assert.ok(!now.includes('PD001') && count(now, 'PD002') <= count(was, 'PD002'), where);
          if (d.code !== 'LT001') assert.ok(count(now, d.code) < count(was, d.code), where);
          for (const c of new Set(now)) assert.ok(count(now, c) <= count(was, c), `${where} made ${c} fire`);
          applied++;
        }
      }
    }
    assert.ok(applied >= 15, `${applied} fixes applied`);
    console.log(`      ${applied} fixes applied`);
  });
});
