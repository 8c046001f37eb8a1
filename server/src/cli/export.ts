// `perfdoc export k6|artillery PLAN [--test NAME] [--root DIR]` (spec §14): one test's load
// shape and criteria as a runnable k6 script or Artillery config, each criterion's source
// line named in a comment. Known traps avoided on purpose:
// - k6 keeps only the last of two `thresholds` entries with the same key (a JS object):
//   every expression of a metric goes into one array, built in a map keyed by metric.
// - Artillery's `ensure.maxErrorRate` counts failed virtual users, (created − completed) /
//   created, not failed requests: the error-rate criterion is a `conditions` expression on
//   the request counters instead, (http.requests − http.codes.200) / http.requests, so
//   unanswered requests and every status other than the 200 the exported scenario expects count.
import * as nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { CRITERIA, LoadTest } from '../core/loadTestPlan';
import { inFlight as littlesLawInFlight } from '../core/capacityModel';
import { FileSystem } from '../files/fileSystem';
import { PickedTest, pickTest } from './planTest';

export const EXPORT_USAGE = `usage: perfdoc export k6|artillery PLAN [--test NAME] [--root DIR]

export   Writes one test of a LoadTestPlan as a runnable k6 script (ES module) or Artillery
         config (YAML) to standard output: the test's rate (an arrival-rate executor /
         arrivalRate phases), rampUp and duration, and its criteria as k6 thresholds or
         Artillery ensure checks. Requests go to BASE_URL (k6: -e BASE_URL=...; Artillery:
         --target URL), one path per mix name.`;

interface Io {
  write: (s: string) => void;
  writeErr: (s: string) => void;
  fileSystem: FileSystem;
}

/** preAllocatedVUs = in flight at the budget's p95 (Little's law) × this margin, for latency above p95 and ramp overshoot. */
export const VU_MARGIN = 1.5;

export function exportCommand(args: string[], { write, writeErr, fileSystem }: Io): number {
  let values: { test?: string; root?: string; help?: boolean }, positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        test: { type: 'string', short: 't' },
        root: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    writeErr(`perfdoc: ${(e as Error).message}\n${EXPORT_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    write(EXPORT_USAGE + '\n');
    return 0;
  }
  const [tool, planPath, ...extra] = positionals;
  if ((tool !== 'k6' && tool !== 'artillery') || !planPath || extra.length) {
    writeErr(`perfdoc: export needs k6 or artillery and one PLAN\n${EXPORT_USAGE}\n`);
    return 2;
  }
  const picked = pickTest(planPath, values.test, values.root ?? '.', fileSystem);
  if ('error' in picked) {
    writeErr(`perfdoc: ${picked.error}\n`);
    return 2;
  }
  if (!picked.test.rps) {
    writeErr(`perfdoc: test "${picked.test.name}" has no rps: nothing to export\n`);
    return 2;
  }
  write(tool === 'k6' ? k6Script(picked, planPath) : artilleryConfig(picked, planPath));
  return 0;
}

/** Where a plan value comes from, for the comments: `plan.perf.yaml:12`. */
const from = (p: PickedTest, planPath: string, node: { start: number }) =>
  `${nodePath.basename(planPath)}:${p.lineOf(node.start)}`;
const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));
/**
 * A criterion is an upper bound that a value equal to it meets: LT009 fails a run only when it
 * measures more (p95 500 ms meets `p95: 500ms`), as Artillery's `ensure.thresholds` read it. So
 * k6 thresholds and Artillery conditions say `<=`, also for a criterion of 0.
 */
const AT_MOST = '<=';

interface Criterion {
  /** `p95`, `p99`, `p50`, `errorRate`. */
  key: string;
  limit: number;
  line: string;
}

function criteriaOf(p: PickedTest, planPath: string): Criterion[] {
  const t = p.test;
  return [...CRITERIA, 'errorRate' as const].flatMap(key => {
    const c = t.criteria[key];
    return c ? [{ key, limit: c.value, line: from(p, planPath, c.node) }] : [];
  });
}

function header(p: PickedTest, planPath: string, tool: string, comment: string): string {
  const t = p.test;
  return [
    `${comment} perfdoc export ${tool}: test "${t.name}" (${t.type}) of ${nodePath.basename(planPath)}`,
    `${comment} rps ${t.rps!.value} (${from(p, planPath, t.rps!.node)})${t.rampUp ? `, rampUp ${seconds(t.rampUp.value)} s (${from(p, planPath, t.rampUp.node)})` : ''}${t.duration ? `, duration ${seconds(t.duration.value)} s (${from(p, planPath, t.duration.node)})` : ', no duration in the plan: 60 s'}`,
  ].join('\n');
}

const holdSeconds = (t: LoadTest) => (t.duration ? seconds(t.duration.value) : 60);

function k6Script(p: PickedTest, planPath: string): string {
  const t = p.test;
  const rps = t.rps!.value;
  const budgetP95 = p.plan.references.budget?.model.target.p95;
  const p95Ms = budgetP95?.value ?? t.criteria.p95?.value ?? 1000;
  const inFlight = littlesLawInFlight(rps, p95Ms);
  const vus = Math.max(1, Math.ceil(inFlight * VU_MARGIN));
  const p95From = budgetP95
    ? `the budget's p95 target ${p95Ms} ms`
    : t.criteria.p95
      ? `the test's p95 criterion ${p95Ms} ms (no budget referenced)`
      : 'an assumed 1 s (no budget or p95 criterion)';
  // One array per metric: k6 keeps only the last of two entries with the same key.
  const thresholds = new Map<string, { expressions: string[]; lines: string[] }>();
  const add = (metric: string, expression: string, line: string) => {
    const entry = thresholds.get(metric) ?? { expressions: [], lines: [] };
    entry.expressions.push(expression);
    entry.lines.push(line);
    thresholds.set(metric, entry);
  };
  for (const c of criteriaOf(p, planPath)) {
    if (c.key === 'errorRate') add('http_req_failed', `rate${AT_MOST}${c.limit}`, `errorRate ${c.line}`);
    else {
      const stat = c.key === 'p50' ? 'med' : `p(${c.key.slice(1)})`;
      const expression = `${stat}${AT_MOST}${c.limit}`;
      add('http_req_duration', expression, `${c.key} ${c.line}`);
      for (const m of t.mix) add(`http_req_duration{name:${m.name}}`, expression, `${c.key} ${c.line}, mix ${m.name}`);
    }
  }
  const threshold = (e: string) =>
    t.abortOnFail ? `{ threshold: ${JSON.stringify(e)}, abortOnFail: true, delayAbortEval: '30s' }` : JSON.stringify(e);
  const thresholdLines = [...thresholds].map(
    ([metric, e]) =>
      `    // ${e.lines.join('; ')}\n    ${JSON.stringify(metric)}: [${e.expressions.map(threshold).join(', ')}],`,
  );
  const hold = holdSeconds(t);
  const scenario = t.rampUp
    ? [
        `      executor: 'ramping-arrival-rate',`,
        `      startRate: 0,`,
        `      timeUnit: '1s',`,
        `      stages: [`,
        `        { target: ${rps}, duration: '${seconds(t.rampUp.value)}s' }, // rampUp ${from(p, planPath, t.rampUp.node)}`,
        `        { target: ${rps}, duration: '${hold}s' }, // duration${t.duration ? ` ${from(p, planPath, t.duration.node)}` : ''}`,
        `      ],`,
      ]
    : [
        `      executor: 'constant-arrival-rate',`,
        `      rate: ${rps}, // rps ${from(p, planPath, t.rps!.node)}`,
        `      timeUnit: '1s',`,
        `      duration: '${hold}s',`,
      ];
  const mix = t.mix.length ? t.mix.map(m => [m.name, m.share.value]) : [['', 1]];
  return `${header(p, planPath, 'k6', '//')}
// Run: k6 run -e BASE_URL=https://your-service script.js
${K6_HTTP_IMPORT}

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:8080';
/** The request mix: name, share (${t.mix.length ? `mix ${from(p, planPath, t.mixNode!)}` : 'no mix in the plan: one request'}). */
const MIX = ${JSON.stringify(mix)};

export const options = {
  scenarios: {
    ${JSON.stringify(t.name)}: {
${scenario.join('\n')}
      // Little's law: ${rps} rps × ${p95Ms} ms (${p95From}) = ${Math.ceil(inFlight)} requests in flight;
      // × ${VU_MARGIN} margin for latency above p95 = ${vus} VUs, and up to twice that.
      preAllocatedVUs: ${vus},
      maxVUs: ${vus * 2},
    },
  },
  thresholds: {
${thresholdLines.join('\n')}
  },
};

export default function () {
  let r = Math.random();
  for (const [name, share] of MIX) {
    r -= share;
    if (r < 0 || name === MIX[MIX.length - 1][0]) {
      http.get(\`\${BASE_URL}/\${name}\`, name ? { tags: { name } } : {});
      return;
    }
  }
}
`;
}

/** The script's one import, k6's HTTP module (kept out of this file's own import lines). */
const K6_HTTP_IMPORT = "import http from 'k6/http';";

const yamlString = (s: string) => JSON.stringify(s);

function artilleryConfig(p: PickedTest, planPath: string): string {
  const t = p.test;
  const rps = t.rps!.value;
  const thresholds: string[] = [];
  const conditions: string[] = [];
  for (const c of criteriaOf(p, planPath)) {
    if (c.key === 'errorRate') {
      // Not maxErrorRate: that counts failed virtual users, not failed requests.
      conditions.push(
        `      - expression: ${yamlString(`(http.requests - http.codes.200) / http.requests ${AT_MOST} ${c.limit}`)} # errorRate ${c.line}`,
      );
      continue;
    }
    const stat = c.key === 'p50' ? 'median' : c.key;
    thresholds.push(`      - ${yamlString(`http.response_time.${stat}`)}: ${c.limit} # ${c.key} ${c.line}`);
    for (const m of t.mix)
      thresholds.push(
        `      - ${yamlString(`plugins.metrics-by-endpoint.response_time.${m.name}.${stat}`)}: ${c.limit} # ${c.key} ${c.line}, mix ${m.name}`,
      );
  }
  const phases = [
    ...(t.rampUp
      ? [
          `    - name: ramp-up # rampUp ${from(p, planPath, t.rampUp.node)}`,
          `      duration: ${seconds(t.rampUp.value)}`,
          `      arrivalRate: 1`,
          `      rampTo: ${rps}`,
        ]
      : []),
    `    - name: hold # rps ${from(p, planPath, t.rps!.node)}${t.duration ? `, duration ${from(p, planPath, t.duration.node)}` : ''}`,
    `      duration: ${holdSeconds(t)}`,
    `      arrivalRate: ${rps}`,
  ];
  const ensure = [
    ...(thresholds.length ? ['    thresholds:', ...thresholds] : []),
    ...(conditions.length ? ['    conditions:', ...conditions] : []),
  ];
  const mix = t.mix.length ? t.mix : [{ name: '', share: { value: 1 } }];
  const scenarios = mix.flatMap(m => [
    `  - name: ${yamlString(m.name || 'request')}`,
    `    weight: ${Math.max(1, Math.round(m.share.value * 1000))}`,
    `    flow:`,
    `      - get: { url: ${yamlString(`/${m.name}`)}${m.name ? `, name: ${yamlString(m.name)}` : ''} }`,
  ]);
  return `${header(p, planPath, 'artillery', '#')}
# Run: artillery run --target https://your-service config.yml
# One virtual user per arrival sends one request, so arrivalRate is the request rate.
config:
  target: "http://127.0.0.1:8080"
  phases:
${phases.join('\n')}
  plugins:
    ensure: {}
    metrics-by-endpoint: { useOnlyRequestNames: true }
  ensure:${ensure.length ? `\n${ensure.join('\n')}` : ' {}'}
scenarios:
${scenarios.join('\n')}
`;
}
