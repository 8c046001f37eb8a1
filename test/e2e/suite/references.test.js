// A LoadTestPlan holds its criteria to the targets of the LatencyBudget it references
// (`budget: ./search-api.perf.yaml`, LT004): a change in the referenced file, typed in its
// editor or written to disk while it is closed, re-checks the plan that depends on it.
const assert = require('assert');
const vscode = require('vscode');
const {
  activeExtensionApi,
  cleanUpEditors,
  diagnosticCode,
  hasDiagnosticCode,
  inlayHints,
  openDoc,
  rangeOf,
  waitForDiagnosticCode,
  waitForNoDiagnosticCode,
  workspaceUri,
  writeWorkspaceFile,
} = require('./helpers');

const BUDGET = 'search-api.perf.yaml';
const PLAN = 'case-search-loadtest.perf.yaml';
/** The budget's p99 target tightened below the plan's 1,200 ms criterion: that criterion becomes looser than the SLO. */
const P99 = '1200ms';
const TIGHTER_P99 = '1000ms';
const p99Target = value => new RegExp(`^\\s*p99: (${value})`, 'm');

/** Replaces the budget's p99 target `from` by `to` in its editor (unsaved). */
async function editP99Target(budget, from, to) {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(budget.uri, rangeOf(budget, p99Target(from)), to);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

/**
 * The plan as it starts: analyzed and without LT004. A healthy plan has no diagnostic to wait
 * for, so its inlay hints (computed from its analysis) show that the server has it.
 */
async function assertPlanHealthy(plan) {
  const hints = await inlayHints(plan);
  assert.ok(
    hints.some(hint => hint.label === '8 of 8 test types'),
    JSON.stringify(hints.map(hint => hint.label)),
  );
  assert.ok(!hasDiagnosticCode(vscode.languages.getDiagnostics(plan.uri), 'LT004'));
}

async function readText(relativePath) {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri(relativePath)));
}

/** LT004 is reported on the p99 criterion of the plan (the `&slo` criteria every test shares). */
function assertLt004OnP99Criterion(plan, diagnostics) {
  const criterion = rangeOf(plan, new RegExp(`criteria: &slo \\{.*p99: (${P99})`));
  const lt004 = diagnostics.filter(d => diagnosticCode(d) === 'LT004');
  assert.ok(lt004.length > 0);
  for (const d of lt004) {
    assert.ok(
      d.range.isEqual(criterion),
      `LT004 at ${JSON.stringify(d.range)}, expected on the p99 criterion ${JSON.stringify(criterion)}`,
    );
    assert.match(d.message, /p99 1\.2 s is looser than the budget's p99 target of 1 s/);
  }
}

describe('references between files', () => {
  before(activeExtensionApi);
  afterEach(cleanUpEditors);

  it('re-checks the load-test plan as its referenced budget is edited in the editor (LT004 appears, then goes)', async () => {
    const plan = await openDoc(PLAN);
    await assertPlanHealthy(plan);
    const budget = await openDoc(BUDGET);
    await editP99Target(budget, P99, TIGHTER_P99);
    assertLt004OnP99Criterion(plan, await waitForDiagnosticCode(plan.uri, 'LT004'));
    await editP99Target(budget, TIGHTER_P99, P99);
    await waitForNoDiagnosticCode(plan.uri, 'LT004');
  });

  it('re-checks the load-test plan when its closed referenced budget is written to disk', async () => {
    const original = await readText(BUDGET);
    assert.match(original, p99Target(P99));
    const plan = await openDoc(PLAN);
    await assertPlanHealthy(plan);
    try {
      await writeWorkspaceFile(
        BUDGET,
        original.replace(p99Target(P99), line => line.replace(P99, TIGHTER_P99)),
      );
      assertLt004OnP99Criterion(plan, await waitForDiagnosticCode(plan.uri, 'LT004'));
    } finally {
      await writeWorkspaceFile(BUDGET, original);
    }
    await waitForNoDiagnosticCode(plan.uri, 'LT004');
  });
});
