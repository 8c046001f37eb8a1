// Installs the load-test tools whose output `perfdoc compare` reads, for test/realtools:
// Artillery from the npm registry (into the gitignored .vscode-test/realtools), Locust and
// JMeter from Debian's packages. Idempotent and fast when everything is already there.
//   node scripts/realtools-setup.mjs
// A tool that cannot be had fails the setup with a message saying what to install: the
// real-tool tests are never skipped silently. k6 has no npm or Debian package here; its
// fixtures are built from k6's own source (see test/realtools/README.md).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_TOOLS_DIR, ensureNpmFolder, ensureSystemPackages, timed } from './e2e-setup.mjs';

export const REALTOOLS_DIR = join(TEST_TOOLS_DIR, 'realtools');
export const ARTILLERY_VERSION = '2.0.21';
export const ARTILLERY = join(REALTOOLS_DIR, 'node_modules/.bin/artillery');
export const LOCUST = '/usr/bin/locust';
export const JMETER = '/usr/bin/jmeter';

export function setupRealTools() {
  const start = Date.now();
  timed('Debian packages (python3-locust, jmeter)', () =>
    ensureSystemPackages({ 'python3-locust': LOCUST, jmeter: JMETER }, 'the real-tool tests'),
  );
  // 2.0.21 is the last release whose engines accept Node 20. Its playwright dependency (browser
  // tests, not used here) would download a browser on install: this machine reaches no such host.
  timed(`artillery ${ARTILLERY_VERSION}`, () =>
    ensureNpmFolder(
      REALTOOLS_DIR,
      { artillery: ARTILLERY_VERSION },
      { env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } },
    ),
  );
  console.log(`[realtools-setup] done (${((Date.now() - start) / 1000).toFixed(1)}s)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    setupRealTools();
  } catch (error) {
    console.error(`[realtools-setup] FAILED: ${error.message}`);
    process.exit(1);
  }
}
