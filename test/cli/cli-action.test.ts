// The GitHub Action (action.yml) and the pre-commit hook (.pre-commit-hooks.yaml) cannot run
// here, so their commands run as the runner would run them: each `run:` step of action.yml
// with bash -eo pipefail (GitHub's `shell: bash`), the env it sets with the `${{ }}`
// expressions filled in as GitHub fills them, in a temp workspace with GITHUB_STEP_SUMMARY and
// GITHUB_OUTPUT files. `uses:` steps (setup-node, upload-sarif) are GitHub's; for them the test
// checks what they are given. The install step (npm ci) is checked, not run: node_modules is here.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT, Workspace, perfdocCli } from '../fixtures/cli';
import { LESSON_SEGMENTS, latencyBudget } from '../fixtures/documents';

interface Step {
  name: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  'working-directory'?: string;
  env?: Record<string, string>;
  with?: Record<string, string | number>;
}
interface Action {
  inputs: Record<string, { default: string }>;
  runs: { using: string; steps: Step[] };
}
const action = parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;

/** One run of the action's shell steps in `ws` with `inputs` over the defaults; the step outputs, summary and exit statuses. */
/**
 * The runner's temp folder of one job, shared by the suite's runs: the build step writes
 * perfdoc there once (as in a job), later runs reuse it (a build takes seconds on a loaded machine).
 */
let runnerTemp: string;
let built = false;

function runAction(ws: Workspace, inputs: Record<string, string> = {}) {
  const summary = path.join(runnerTemp, 'summary.md');
  fs.rmSync(summary, { force: true });
  const given: Record<string, string> = {
    ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default])),
    ...inputs,
  };
  const outputs: Record<string, Record<string, string>> = {};
  const expression = (e: string): string => {
    const [, ns, key] = /^\s*([\w]+)\.([\w.-]+)\s*$/.exec(e) ?? [];
    if (ns === 'inputs') return given[key];
    if (ns === 'runner' && key === 'temp') return runnerTemp;
    if (ns === 'github' && key === 'action_path') return REPO_ROOT;
    const step = /^([\w-]+)\.outputs\.([\w-]+)$/.exec(key);
    if (ns === 'steps' && step) return outputs[step[1]]?.[step[2]] ?? '';
    throw new Error(`expression not handled by this test: ${e}`);
  };
  const fill = (s: string) => s.replace(/\$\{\{(.*?)\}\}/g, (_, e: string) => expression(e));
  const statuses: Record<string, number | null> = {};
  for (const step of action.runs.steps) {
    if (!step.run) continue;
    if (step.run.startsWith('npm ci')) continue; // dependencies are installed in this checkout
    if (step.name === 'Build perfdoc' && built) continue;
    assert.equal(step.shell, 'bash', step.name);
    const output = path.join(runnerTemp, `output-${step.id ?? 'step'}`);
    fs.writeFileSync(output, '');
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      RUNNER_TEMP: runnerTemp,
      GITHUB_WORKSPACE: ws.dir,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, fill(v)])),
    };
    const cwd = step['working-directory'] ? fill(step['working-directory']) : ws.dir;
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
      cwd,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    statuses[step.name] = r.status;
    if (step.name === 'Build perfdoc') built = r.status === 0;
    if (step.id)
      outputs[step.id] = Object.fromEntries(
        fs
          .readFileSync(output, 'utf8')
          .split('\n')
          .filter(l => l.includes('='))
          .map(l => l.split('=', 2) as [string, string]),
      );
  }
  return {
    outputs,
    statuses,
    summary: fs.existsSync(summary) ? fs.readFileSync(summary, 'utf8') : '',
    sarif: path.join(ws.dir, given['sarif-file']),
  };
}

const HEALTHY = latencyBudget(LESSON_SEGMENTS);
const OVER = latencyBudget(LESSON_SEGMENTS.map(s => s.replace('budget: 220ms', 'budget: 250ms')));

describe('action.yml (a composite GitHub Action)', function () {
  this.timeout(180_000);
  before(() => {
    runnerTemp = fs.mkdtempSync(path.join(os.tmpdir(), 'perfdoc-runner-'));
  });
  after(() => fs.rmSync(runnerTemp, { recursive: true, force: true }));
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace({ '.git/HEAD': '', 'docs/search.perf.yaml': HEALTHY, 'README.md': '# not a design doc\n' });
  });
  afterEach(() => ws.dispose());

  it('is a composite action: Node 20, perfdoc built from the action, check, SARIF upload, failure last', () => {
    assert.equal(action.runs.using, 'composite');
    const steps = action.runs.steps;
    assert.deepEqual(steps[0].with, { 'node-version': 20 });
    assert.match(steps[0].uses!, /^actions\/setup-node@v\d+$/);
    assert.equal(steps[1].run, 'npm ci --no-audit --no-fund --ignore-scripts');
    assert.equal(steps[1]['working-directory'], '${{ github.action_path }}');
    const upload = steps.find(s => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    assert.equal(upload.with!.sarif_file, '${{ inputs.sarif-file }}');
    assert.match(upload.if!, /steps\.check\.outputs\.exit-code != '2'/);
    // Inputs are never pasted into a script: a path like `$(rm -rf ~)` stays a string.
    for (const s of steps) assert.ok(!s.run?.includes('${{'), `${s.name} interpolates an expression into its script`);
  });

  it('a healthy tree: SARIF written, a job summary with the headline, exit-code 0 and the job passes', () => {
    const r = runAction(ws, { paths: 'docs' });
    assert.equal(r.outputs.check['exit-code'], '0');
    assert.ok(
      Object.values(r.statuses).every(s => s === 0),
      JSON.stringify(r.statuses),
    );
    const log = JSON.parse(fs.readFileSync(r.sarif, 'utf8'));
    assert.equal(log.version, '2.1.0');
    assert.deepEqual(log.runs[0].results, []);
    assert.match(
      r.summary,
      /^## perfdoc check\n\n✅ \*\*0 errors · 0 warnings · 0 information\*\* in 1 file, 1 document/,
    );
    assert.match(r.summary, /docs\/search\.perf\.yaml:1 \| LatencyBudget \| Test \| Σ 500 ms/);
  });

  it('an error: the summary lists it, the SARIF has it, and the last step fails the job', () => {
    ws.write('docs/search.perf.yaml', OVER);
    const r = runAction(ws, { paths: 'docs' });
    assert.equal(r.outputs.check['exit-code'], '1');
    assert.equal(r.statuses['perfdoc check'], 0, 'the check step itself succeeds so that the upload runs');
    assert.equal(r.statuses['Fail on perfdoc errors'], 1);
    assert.match(r.summary, /### Errors \(1\)\n\n- docs\/search\.perf\.yaml:\d+:\d+ \*\*LB001\*\*/);
    assert.equal(JSON.parse(fs.readFileSync(r.sarif, 'utf8')).runs[0].results[0].ruleId, 'LB001');
    assert.equal(runAction(ws, { paths: 'docs', 'fail-on-error': 'false' }).statuses['Fail on perfdoc errors'], 0);
  });

  it('with a baseline only new errors fail the job; paths may be several, separated by spaces or lines', () => {
    ws.write('docs/search.perf.yaml', OVER);
    ws.write('other/b.perf.yaml', HEALTHY);
    fs.writeFileSync(
      path.join(ws.dir, 'base.json'),
      perfdocCli(['check', '--format', 'json', 'docs', 'other'], ws.dir).stdout,
    );
    const r = runAction(ws, { paths: 'docs\nother', baseline: 'base.json' });
    assert.equal(r.outputs.check['exit-code'], '0');
    assert.match(r.summary, /in 2 files, 2 documents/);
    assert.match(r.summary, /Against the baseline: \*\*0 new\*\*/);
  });

  it('a bad configuration: exit-code 2, the reason in the summary, no SARIF, the job fails', () => {
    ws.write('.perfdoc.yaml', 'utilizationWarnPercent: 400\n');
    const r = runAction(ws, { paths: 'docs' });
    assert.equal(r.outputs.check['exit-code'], '2');
    assert.ok(!fs.existsSync(r.sarif));
    assert.match(r.summary, /perfdoc could not run:[\s\S]*utilizationWarnPercent: 400% is outside 1\.\.100%/);
    assert.equal(r.statuses['Fail on perfdoc errors'], 1);
  });

  it('a path that looks like a command or a glob is only a path', () => {
    const r = runAction(ws, { paths: '$(touch pwned) docs/*' });
    assert.equal(r.outputs.check['exit-code'], '2', 'neither exists');
    assert.ok(!fs.existsSync(path.join(ws.dir, 'pwned')));
  });
});

describe('.pre-commit-hooks.yaml', function () {
  this.timeout(60_000);
  const [hook] = parse(fs.readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as {
    id: string;
    entry: string;
    language: string;
    files: string;
  }[];
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

  it('runs the perfdoc bin of this package (language: node) on YAML and Markdown files', () => {
    assert.equal(hook.id, 'perfdoc-check');
    assert.equal(hook.language, 'node');
    const [bin, ...args] = hook.entry.split(' ');
    assert.equal(manifest.bin[bin], 'dist/perfdoc.js');
    assert.deepEqual(args, ['check']);
    const files = new RegExp(hook.files);
    for (const f of ['docs/a.perf.yaml', 'b.yml', 'design.md']) assert.ok(files.test(f), f);
    assert.ok(!files.test('src/index.ts'));
  });

  it('npm pack (how pre-commit installs a node hook) ships the built CLI', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    const [packed] = JSON.parse(r.stdout) as { files: { path: string }[] }[];
    const files = packed.files.map(f => f.path);
    for (const built of ['dist/perfdoc.js', 'dist/cli.js', 'dist/cli.js.cache'])
      assert.ok(files.includes(built), `${built} in ${files.join(', ')}`);
    assert.ok(
      !files.some(f => f.startsWith('server/') || f.startsWith('test/') || f.endsWith('.map')),
      files.join(', '),
    );
  });

  it('the entry with the staged file names, as pre-commit runs it: exit 1 on an error, 0 when fixed', () => {
    const ws = new Workspace({ '.git/HEAD': '', 'docs/search.perf.yaml': OVER, 'notes.md': '# notes\n' });
    try {
      const run = () => perfdocCli([...hook.entry.split(' ').slice(1), 'docs/search.perf.yaml', 'notes.md'], ws.dir);
      const failing = run();
      assert.equal(failing.status, 1);
      assert.match(failing.stdout, /docs\/search\.perf\.yaml:\d+:\d+ error LB001/);
      ws.write('docs/search.perf.yaml', HEALTHY);
      assert.equal(run().status, 0);
    } finally {
      ws.dispose();
    }
  });
});
