// `npm run test:bench`: the harness's self-tests (node:test), after installing the bench's
// pinned dependencies when a fresh clone has none (what `npm run bench` does too).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const benchDir = path.resolve(here, '..', '..');
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;

if (!existsSync(path.join(benchDir, 'node_modules'))) {
  const status = run('npm', ['ci', '--prefix', benchDir, '--no-audit', '--no-fund']);
  if (status !== 0) process.exit(status);
}
process.exit(run(process.execPath, ['--test', path.join(here, 'lspbench.test.mjs')]));
