// Part "nvim": Neovim's built-in LSP client runs `node dist/server.js --stdio` on
// queue-drain.perf.yaml; an editor that shares no code with vscode-languageclient.
// The server is the VSIX's: the repo's dist/ may be rebuilt by anyone while the run goes on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NVIM } from '../../scripts/e2e-setup.mjs';
import { createProfile, unpackVsix } from './lib/profile.mjs';
import { spawnGroup } from './lib/processes.mjs';
import { QUEUE_DRAIN, workersLine } from './lib/queueDrain.mjs';

const PROBE = join(import.meta.dirname, 'nvim', 'lsp-probe.lua');

/** LSP hover contents (MarkupContent, MarkedString or an array of them) as plain text. */
function hoverText(contents) {
  if (contents == null) return '';
  if (Array.isArray(contents)) return contents.map(hoverText).join('\n');
  return typeof contents === 'string' ? contents : contents.value;
}

export async function runNeovim(scope, { projectRoot, vsixPath, logsDir }) {
  const profile = createProfile('nvim', join(projectRoot, 'examples'));
  scope.defer(profile.remove);
  const extensionDir = unpackVsix(vsixPath, join(profile.root, 'vsix'));
  const workers = workersLine(profile.workspace);
  const logFile = join(logsDir, 'nvim.log');
  const nvim = spawnGroup(scope, NVIM, ['--headless', '--clean', '-c', `luafile ${PROBE}`, QUEUE_DRAIN], {
    cwd: profile.workspace,
    logFile,
    env: {
      ...profile.env,
      PERFDOC_SERVER: join(extensionDir, 'dist', 'server.js'),
      PERFDOC_ROOT: profile.workspace,
      PERFDOC_HOVER_LINE: String(workers.line),
      PERFDOC_HOVER_CHARACTER: String(workers.valueCharacter),
    },
  });
  const { code } = await nvim.exited;
  const output = readFileSync(logFile, 'utf8');
  const probeLine = output.split('\n').find(line => line.startsWith('PERFDOC_PROBE '));
  if (code !== 0 || !probeLine) throw new Error(`nvim exited with ${code} without a probe result; see ${logFile}`);
  const probe = JSON.parse(probeLine.slice('PERFDOC_PROBE '.length));
  const codes = probe.diagnostics.map(d => d.code);
  const hover = hoverText(probe.hover?.contents);
  console.log(`    diagnostics: ${JSON.stringify(codes)}`);
  console.log(`    hover at ${workers.line + 1}:${workers.valueCharacter + 1}: ${JSON.stringify(hover)}`);
  if (!codes.includes('CM004')) throw new Error(`no CM004 among the diagnostics ${JSON.stringify(probe.diagnostics)}`);
  if (!/workers/i.test(hover))
    throw new Error(`the hover on "workers" does not mention workers: ${JSON.stringify(hover)}`);
}
