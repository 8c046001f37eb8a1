// Picks one test of a LoadTestPlan file for `perfdoc compare` and `perfdoc export` (spec §14):
// `--test NAME` by name, else the plan's only test; several tests and no --test is a usage error.
import * as nodePath from 'node:path';
import { FileAnalysis, analyzeFile } from '../core/analyze';
import { LoadTest, LoadTestAnalysis } from '../core/loadTestPlan';
import { FileSystem } from '../files/fileSystem';
import { FileReferenceHost } from './workspaceFiles';

export interface PickedTest {
  file: FileAnalysis;
  plan: LoadTestAnalysis;
  test: LoadTest;
  /** 1-based line of a plan node, for "criterion from line N" comments and messages. */
  lineOf(offset: number): number;
}

/** A test, or an error with the exit status it deserves (2: usage or I/O). */
export function pickTest(
  planPath: string,
  testName: string | undefined,
  root: string,
  fileSystem: FileSystem,
): PickedTest | { error: string } {
  const r = fileSystem.readText(planPath);
  if ('error' in r) return { error: `${planPath}: ${r.error}` };
  const absolute = nodePath.resolve(planPath);
  const file = analyzeFile(absolute, r.text, { references: new FileReferenceHost(nodePath.resolve(root), fileSystem) });
  const tests = file.documents.flatMap(d =>
    d.kind === 'LoadTestPlan' ? d.loadTest.model.tests.map(test => ({ plan: d.loadTest, test })) : [],
  );
  if (!tests.length) return { error: `${planPath}: no LoadTestPlan test found` };
  const names = tests.map(t => `"${t.test.name}"`).join(', ');
  const hit =
    testName === undefined ? (tests.length === 1 ? tests[0] : undefined) : tests.find(t => t.test.name === testName);
  if (!hit)
    return {
      error:
        testName === undefined
          ? `${planPath} has ${tests.length} tests (${names}): pick one with --test NAME`
          : `${planPath} has no test named "${testName}" (tests: ${names})`,
    };
  return { file, ...hit, lineOf: offset => file.lines.positionAt(offset).line + 1 };
}
