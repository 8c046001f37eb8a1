// Property tests over the analysis core and the editor features: arbitrary text, arbitrary
// YAML, and valid perfdoc documents mutated (truncated, types swapped, huge, zero, negative,
// .nan/.inf/1e999, unicode, CRLF, tabs, BOM). Every invariant of checkInvariants holds.
// Fixed seed in CI; PERFDOC_FC_SEED=n to replay, PERFDOC_FC_RUNS=2000 to run longer.
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { analyzeFile } from '../../server/src/core/analyze';
import { PNode } from '../../server/src/core/yamlTree';
import { LESSON_SEGMENTS, capacityModel, latencyBudget, perfdoc } from '../fixtures/documents';
import { checkInvariants } from '../fixtures/hostile/invariants';

const RUNS = Number(process.env.PERFDOC_FC_RUNS ?? 25);
const SEED = Number(process.env.PERFDOC_FC_SEED ?? 20261128);
const EXAMPLES = nodePath.resolve(__dirname, '..', '..', '..', 'examples');

/** The examples (when present) and documents of every kind, as valid starting points. */
function validDocuments(): { path: string; text: string }[] {
  const found = fs.existsSync(EXAMPLES)
    ? fs
        .readdirSync(EXAMPLES)
        .filter(f => /\.(perf\.yaml|md)$/.test(f) && f !== 'README.md')
        .map(f => ({ path: `/work/${f}`, text: fs.readFileSync(nodePath.join(EXAMPLES, f), 'utf8') }))
    : [];
  return [
    ...found,
    {
      path: '/work/lb.perf.yaml',
      text: latencyBudget(
        [
          ...LESSON_SEGMENTS,
          '- { name: fan-out, parallel: [{ name: a, budget: 10ms }, { name: b, budget: 20ms, dependency: x, timeout: 50ms }] }',
        ],
        undefined,
        'region: eu-west-1',
      ),
    },
    {
      path: '/work/cm.perf.yaml',
      text: capacityModel(
        '{ peakRps: 2000, latency: 150ms, p95Latency: 450ms }',
        '{ safetyFactor: 1.5, maxUtilization: 70% }',
        'tiers:',
        '  - { name: api, unitRps: 300, units: { min: 4, max: 20 }, zones: 3, connectionsPerUnit: 20, dependsOn: [db] }',
        '  - { name: db, maxConnections: 500 }',
        'queues:',
        '  - { name: orders, backlog: 2000000, ratePerWorker: 40/s, drainTime: 30m, workers: 20, connectionsPerWorker: 1, dependsOn: [db] }',
        'quotas:',
        '  - { name: lambda, limit: 1000, measures: concurrency }',
        'scaling:',
        '  - { tier: api, policy: target-tracking, metric: cpu, target: 60%, cooldown: 300s }',
      ),
    },
    {
      path: '/work/lt.perf.yaml',
      text: perfdoc(
        'LoadTestPlan',
        'tests:',
        '  - { type: load, rps: 2000, duration: 30m, cache: cold, criteria: { p95: 500ms, p99: 1200ms, errorRate: 0.1% } }',
      ),
    },
  ];
}

/** Values that have broken figures before: zero, negative, huge, tiny, non-finite, wrong types, odd text. */
const HOSTILE_VALUES = [
  '0',
  '-1',
  '-0',
  '0ms',
  '-5ms',
  '0/s',
  '0%',
  '-20%',
  '150%',
  '1e999',
  '-1e999',
  '1e308',
  '1e308ms',
  '1e-300',
  '1e-300ms',
  '9007199254740993',
  '.nan',
  '.NaN',
  '.inf',
  '-.inf',
  '.Inf',
  'null',
  '~',
  '',
  'true',
  'false',
  '[]',
  '{}',
  '[1, 2]',
  '{ a: 1 }',
  '"40ms"',
  "'x'",
  '0x1F',
  '0o17',
  '1_000',
  '40 msec',
  '40',
  '1.5.5ms',
  'ms',
  '/s',
  '%',
  '１２ms',
  'é',
  '🙂',
  'Ω',
  '\u202e',
  '"\\u0000"',
  '*undefined',
  '&a 1',
  '!!str 5',
  '|\n  block',
  '>-\n  folded',
  '"<script>alert(1)</script>"',
  '"\\"><img src=x onerror=alert(1)>"',
  "'javascript:alert(1)'",
  '"<svg onload=alert(1)>"',
];

const MUTATION = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant('value' as const),
    which: fc.nat(),
    value: fc.oneof(fc.constantFrom(...HOSTILE_VALUES), fc.string({ maxLength: 8 })),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    text: fc.oneof(
      fc.constantFrom(
        '\t',
        '\r\n',
        '\r',
        '\ufeff',
        '\u0000',
        '\u2028',
        '𝄞',
        '- ',
        ': ',
        '---\n',
        '```\n',
        '#',
        '"',
        "'",
        '[',
        '{',
        '&x ',
        '*x',
        '\\',
      ),
      fc.string({ maxLength: 6, unit: 'binary' }),
    ),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.nat({ max: 60 }),
  }),
  fc.record({
    kind: fc.constant('line' as const),
    which: fc.nat(),
    op: fc.constantFrom('drop', 'repeat', 'indent', 'dedent'),
  }),
  fc.constantFrom({ kind: 'crlf' as const }, { kind: 'tabs' as const }, { kind: 'bom' as const }),
);
type Mutation = typeof MUTATION extends fc.Arbitrary<infer M> ? M : never;

function scalarsOf(node: PNode | null, out: { start: number; end: number }[] = []): { start: number; end: number }[] {
  if (!node) return out;
  if (node.type === 'scalar') out.push(node);
  else if (node.type === 'seq') node.items.forEach(i => scalarsOf(i, out));
  else for (const p of node.pairs) scalarsOf(p.value, out);
  return out;
}

function mutate(path: string, text: string, m: Mutation): string {
  const at = (f: number) => Math.floor(f * text.length);
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, at(m.at));
    case 'insert':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at));
    case 'delete':
      return text.slice(0, at(m.at)) + text.slice(at(m.at) + m.length);
    case 'value': {
      // Replace one scalar the analysis saw with a hostile value, keeping the rest of the document valid.
      const scalars = analyzeFile(path, text).documents.flatMap(d => scalarsOf(d.root));
      if (!scalars.length) return text;
      const s = scalars[m.which % scalars.length];
      return text.slice(0, s.start) + m.value + text.slice(s.end);
    }
    case 'line': {
      const lines = text.split('\n');
      const i = m.which % lines.length;
      const edited = {
        drop: [],
        repeat: [lines[i], lines[i]],
        indent: ['  ' + lines[i]],
        dedent: [lines[i].replace(/^ {1,2}/, '')],
      }[m.op];
      return [...lines.slice(0, i), ...edited, ...lines.slice(i + 1)].join('\n');
    }
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'tabs':
      return text.replace(/^( +)/gm, s => '\t'.repeat(Math.ceil(s.length / 2)));
    case 'bom':
      return '\ufeff' + text;
  }
}

/** YAML built from arbitrary values, placed where perfdoc reads (so the rules see it). */
const ARBITRARY_YAML = fc.record({
  kind: fc.constantFrom('LatencyBudget', 'CapacityModel', 'LoadTestPlan', 'Unknown'),
  key: fc.constantFrom(
    'target',
    'segments',
    'traffic',
    'headroom',
    'tiers',
    'queues',
    'quotas',
    'scaling',
    'tests',
    'name',
    'budget',
    'capacity',
    'extra',
  ),
  value: fc.jsonValue({ maxDepth: 4 }),
});

const PATHS = ['/work/x.perf.yaml', '/work/x.yaml', '/work/x.md'];

describe('hostile input: property tests (never throws, bounded, ranges inside, finite figures, deterministic)', function () {
  this.timeout(300_000);
  const options = { numRuns: RUNS, seed: SEED };

  it('arbitrary text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), fc.string({ maxLength: 400, unit: 'binary' }), (path, text) => {
        checkInvariants(path, text);
      }),
      options,
    );
  });

  it('arbitrary text with a perfdoc header (so every rule runs on it)', () => {
    const header = fc
      .constantFrom('LatencyBudget', 'CapacityModel', 'LoadTestPlan')
      .map(k => `apiVersion: perfdoc/v1\nkind: ${k}\n`);
    const body = fc.array(
      fc.oneof(
        fc.constantFrom(
          '\n',
          '  ',
          '- ',
          ': ',
          'segments:',
          'tiers:',
          'queues:',
          'tests:',
          'target:',
          'budget: ',
          'name: ',
          '[',
          ']',
          '{',
          '}',
          ', ',
          '&a ',
          '*a',
          '<<: ',
          '40ms',
          '0',
          '.nan',
          '1e999',
          '---\n',
          '#',
        ),
        fc.string({ maxLength: 5 }),
      ),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), header, body, (path, head, parts) => {
        const text = head + parts.join('');
        checkInvariants(path, path.endsWith('.md') ? '```perfdoc\n' + text + '\n```\n' : text);
      }),
      options,
    );
  });

  it('arbitrary YAML values under perfdoc keys', () => {
    fc.assert(
      fc.property(ARBITRARY_YAML, ({ kind, key, value }) => {
        checkInvariants(
          '/work/x.perf.yaml',
          `apiVersion: perfdoc/v1\nkind: ${kind}\nname: fuzz\n${stringify({ [key]: value })}`,
        );
      }),
      options,
    );
  });

  // Inputs these properties found, kept as plain cases.
  for (const [found, path, text] of [
    [
      'a finding one past the end: an unclosed quote is reported at the end of the text',
      '/work/x.perf.yaml',
      'apiVersion: perfdoc/v1\nkind: LatencyBudget\nname: "x',
    ],
    [
      'a document one past the end: yaml ends an unclosed flow collection there',
      '/work/x.perf.yaml',
      'apiVersion: perfdoc/v1\nkind: LatencyBudget\nsegments: [{ name: a, budget: 5[0ms }]\n',
    ],
    [
      'a range inside a CRLF line break',
      '/work/x.perf.yaml',
      '[apiVersion: perfdoc/v1\r\nkind: LatencyBudget\r\nsegments:\r\n  - name: a\r\n',
    ],
    [
      'an error after `---` that yaml gives the document before it',
      '/work/x.perf.yaml',
      'apiVersion: perfdoc/v1\nkind: LatencyBudget\n---\n}',
    ],
    [
      'U+2028 before `---`: a line break for JavaScript, not for YAML (the incremental parse cut there)',
      '/work/x.perf.yaml',
      '- \u2028---\napiVersion: perfdoc/v1\nkind: LatencyBudget\n',
    ],
    [
      '`...` ends the document before it (the incremental parse cut before it)',
      '/work/x.perf.yaml',
      'apiVersion: perfdoc/v1\nkind: LatencyBudget\n...\n---\nb: 2\n',
    ],
    [
      'a lone \\r is no line break for yaml',
      '/work/x.perf.yaml',
      'apiVersion: perfdoc/v1\rkind: LatencyBudget\r---\rb: 2',
    ],
    [
      'a tier named .nan (it was listed as NaN)',
      '/work/x.perf.yaml',
      'apiVersion: perfdoc/v1\nkind: CapacityModel\ntiers:\n  - { name: .nan, unitRps: 1, units: 1 }\n  - { name: api, dependsOn: [db] }\n',
    ],
  ] as const) {
    it(`found: ${found}`, () => {
      checkInvariants(path, text);
    });
  }

  it('valid perfdoc documents, mutated', () => {
    const documents = validDocuments();
    fc.assert(
      fc.property(
        fc.nat(documents.length - 1),
        fc.array(MUTATION, { minLength: 1, maxLength: 4 }),
        (which, mutations) => {
          const { path, text } = documents[which];
          checkInvariants(
            path,
            mutations.reduce((t, m) => mutate(path, t, m), text),
          );
        },
      ),
      { ...options, numRuns: RUNS * 4 },
    );
  });
});
