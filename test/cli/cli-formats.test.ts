// The machine-readable outputs of `perfdoc check` through the real binary: JSON exactly as
// spec §7, SARIF 2.1.0 valid against its schema and with what GitHub code scanning reads,
// and the examples/ folder showing every rule it is meant to show.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { RULES } from '../../server/src/core/ruleCatalog';
import { REPO_ROOT, Workspace, checkJson, perfdocCli } from '../fixtures/cli';
import { latencyBudget, LESSON_SEGMENTS } from '../fixtures/documents';

const BROKEN = latencyBudget(['- { name: edge, budget: 40 }'], '{ p95: 500ms, p99: 1s }');

/** The OASIS SARIF 2.1.0 schema (draft-04, vendored from @microsoft/jest-sarif), loaded into ajv's draft-07 validator. */
function sarifValidator() {
  const schema = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'sarif-2.1.0-rtm.5.schema.json'), 'utf8'),
  ) as Record<string, unknown>;
  // Draft-04 spells $id as id; no other draft-04-only keyword is used by this schema.
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  // unicodeRegExp off: the schema's `language` pattern has a stray "]" that only non-unicode regexps accept.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
  ajv.addFormat('uri-reference', /^[^\s]*$/);
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  return ajv.compile(schema);
}

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        version: string;
        rules: {
          id: string;
          shortDescription: { text: string };
          fullDescription: { text: string };
          help: { text: string; markdown: string };
          defaultConfiguration: { level: string };
        }[];
      };
    };
    columnKind: string;
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string };
          region?: { startLine: number; startColumn: number; endLine: number; endColumn: number };
        };
      }[];
    }[];
  }[];
}

/** What GitHub code scanning needs from an upload, beyond schema validity. */
function assertCodeScanningReady(log: SarifLog): void {
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const [run] = log.runs;
  assert.equal(run.tool.driver.name, 'perfdoc');
  const ids = run.tool.driver.rules.map(r => r.id);
  assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
  for (const rule of run.tool.driver.rules) {
    assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text && rule.help.markdown, rule.id);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level), rule.id);
  }
  for (const r of run.results) {
    assert.equal(ids[r.ruleIndex], r.ruleId, 'ruleIndex points at the rule');
    assert.ok(['error', 'warning', 'note'].includes(r.level));
    assert.ok(r.message.text.length > 0);
    const { artifactLocation, region } = r.locations[0].physicalLocation;
    assert.ok(
      !path.isAbsolute(artifactLocation.uri) && !artifactLocation.uri.startsWith('./'),
      `relative uri: ${artifactLocation.uri}`,
    );
    assert.ok(
      region && region.startLine >= 1 && region.startColumn >= 1 && region.endLine >= region.startLine,
      JSON.stringify(region),
    );
  }
}

describe('cli: output formats', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace({ 'docs/broken.perf.yaml': BROKEN });
  });
  afterEach(() => ws.dispose());

  it('--format json prints exactly the spec §7 object: version 1, relative paths, zero-based ranges', () => {
    const { status, report } = ws.json('docs/broken.perf.yaml');
    assert.equal(status, 1);
    assert.deepEqual(report, {
      version: 1,
      files: [
        {
          path: 'docs/broken.perf.yaml',
          documents: [
            {
              kind: 'LatencyBudget',
              name: 'Test',
              metrics: {
                totalMs: 0,
                targetMs: 500,
                headroomMs: 500,
                bufferMs: 0,
                timeoutMs: null,
                worstCaseMs: 0,
                fanout: [],
                tailExposure: null, // no dependency on the path (§9)
              },
              diagnostics: [
                {
                  code: 'LB004',
                  severity: 'warning',
                  message:
                    'target lacks a timeout: without a timeout budget a slow dependency holds the request forever (§18.1, §16 anti-pattern 7)',
                  range: { start: { line: 3, character: 0 }, end: { line: 3, character: 6 } },
                },
                {
                  code: 'PD003',
                  severity: 'error',
                  message: 'budget: duration 40 has no unit: write 40ms (or s, min, h, us)',
                  range: { start: { line: 5, character: 26 }, end: { line: 5, character: 28 } },
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it('--format json: a file with a YAML syntax error still appears, with its PD001', () => {
    ws.write(
      'docs/syntax.perf.yaml',
      `${latencyBudget(LESSON_SEGMENTS)}---\napiVersion: perfdoc/v1\nkind: LatencyBudget\nsegments: [\n`,
    );
    const { status, report } = ws.json('docs/syntax.perf.yaml');
    assert.equal(status, 1);
    const [file] = report.files;
    assert.equal(file.path, 'docs/syntax.perf.yaml');
    assert.equal(file.documents.length, 2);
    assert.equal(file.documents[0].metrics.totalMs, 500);
    assert.ok(file.documents[1].diagnostics.some(d => d.code === 'PD001' && d.severity === 'error'));
  });

  it('--format json metrics of a CapacityModel: 500 rps × 200 ms = 100 in flight, 28 workers', () => {
    ws.write(
      'queue.perf.yaml',
      [
        'apiVersion: perfdoc/v1',
        'kind: CapacityModel',
        'name: Orders',
        'traffic: { peakRps: 500, latency: 200ms }',
        'headroom: { safetyFactor: 1.5 }',
        'queues:',
        '  - { name: orders, backlog: 2000000, ratePerWorker: 40/s, drainTime: 30m, workers: 28 }',
        '',
      ].join('\n'),
    );
    const { status, report } = ws.json('queue.perf.yaml');
    assert.equal(status, 0);
    assert.deepEqual(report.files[0].documents[0].metrics, {
      inFlight: 100,
      inFlightP95: null,
      requiredRps: 750,
      tiers: {},
      queues: { orders: { workersNeeded: 28, drainTimeS: 1785.714 } },
      quotas: {},
      constraints: [],
      breakingPoint: null,
    });
  });

  it('--format sarif is valid SARIF 2.1.0 (OASIS schema) with one-based regions and the rule catalogue', () => {
    const r = ws.run('check', '--format', 'sarif', 'docs/broken.perf.yaml');
    assert.equal(r.status, 1);
    const log = JSON.parse(r.stdout) as SarifLog;
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.ok(!validate({ ...log, version: '2.0.0' }), 'the validator does reject an invalid log');
    assertCodeScanningReady(log);
    const [run] = log.runs;
    assert.deepEqual(
      run.tool.driver.rules.map(x => x.id),
      RULES.map(x => x.code),
    );
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.deepEqual(
      run.results.map(x => [
        x.ruleId,
        x.level,
        x.locations[0].physicalLocation.artifactLocation.uri,
        x.locations[0].physicalLocation.region,
      ]),
      [
        ['LB004', 'warning', 'docs/broken.perf.yaml', { startLine: 4, startColumn: 1, endLine: 4, endColumn: 7 }],
        ['PD003', 'error', 'docs/broken.perf.yaml', { startLine: 6, startColumn: 27, endLine: 6, endColumn: 29 }],
      ],
    );
    const pd003 = run.tool.driver.rules.find(x => x.id === 'PD003')!;
    assert.equal(pd003.shortDescription.text, 'Quantity without a valid unit');
    assert.match(pd003.help.text, /a factor of 1,000 in the critical-path sum/);
  });

  it('--format sarif strips a leading ./ so code scanning matches the file', () => {
    const log = JSON.parse(ws.run('check', '--format', 'sarif', './docs/broken.perf.yaml').stdout) as SarifLog;
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'docs/broken.perf.yaml');
  });

  it('--format sarif reports an unreadable path as a tool execution notification, not as a rule result', () => {
    const r = ws.run('check', '--format', 'sarif', 'docs/missing.perf.yaml', 'docs/broken.perf.yaml');
    assert.equal(r.status, 2);
    const log = JSON.parse(r.stdout) as SarifLog & {
      runs: {
        invocations: {
          executionSuccessful: boolean;
          toolExecutionNotifications: { level: string; message: { text: string } }[];
        }[];
      }[];
    };
    assert.ok(sarifValidator()(log));
    const [invocation] = log.runs[0].invocations;
    assert.equal(invocation.executionSuccessful, false);
    assert.deepEqual(
      invocation.toolExecutionNotifications.map(n => [n.level, n.message.text]),
      [['error', 'docs/missing.perf.yaml: no such file or directory (or a broken symlink)']],
    );
    assert.deepEqual(
      log.runs[0].results.map(x => x.ruleId),
      ['LB004', 'PD003'],
    );
  });
});

describe('cli: the examples folder', () => {
  // PD006 needs a file over 4 M characters or an alias bomb: not something to ship as an example.
  const NOT_SHOWABLE = new Set(['PD006']);
  const shown = RULES.map(r => r.code).filter(c => !NOT_SHOWABLE.has(c));

  it('perfdoc check examples exits 1 and reports every rule code the examples are meant to show', () => {
    const { status, report } = checkJson(['examples'], REPO_ROOT);
    assert.equal(status, 1);
    const codes = new Set(report.files.flatMap(f => f.documents.flatMap(d => d.diagnostics.map(x => x.code))));
    assert.deepEqual(
      shown.filter(c => !codes.has(c)),
      [],
      'codes the examples do not show',
    );
    assert.ok(report.files.every(f => !f.path.startsWith('/') && f.path.startsWith('examples/')));
  });

  it('the healthy examples exit 0', () => {
    const healthy = [
      'examples/search-api.perf.yaml',
      'examples/case-api-capacity.perf.yaml',
      'examples/case-search-loadtest.perf.yaml',
      'examples/case-api-observability.perf.yaml',
      'examples/timeline.perf.yaml',
    ];
    // A renamed example fails here instead of silently leaving the list.
    const r = perfdocCli(['check', ...healthy], REPO_ROOT);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stderr, '', 'every listed example was read');
  });

  it('SARIF of all examples is valid and ready for code scanning', () => {
    const r = perfdocCli(['check', '--format', 'sarif', 'examples'], REPO_ROOT);
    const log = JSON.parse(r.stdout) as SarifLog;
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assertCodeScanningReady(log);
    assert.ok(log.runs[0].results.length >= shown.length);
  });
});
