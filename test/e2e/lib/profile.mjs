// Private, throwaway editor profiles: nothing the tests run reads or writes the user's
// HOME, ~/.config or the repo's examples/.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Editor settings for every test profile: no Welcome page stealing focus, no network chatter. */
export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'editor.hover.delay': 200,
  // VS Code in a browser saves after 1 s by default (desktop: never): the tests' edits would
  // reach the disk, and the examples' copies, mid-test. Tests save explicitly where they mean to.
  'files.autoSave': 'off',
  // Local history copies a file on save; a test that saves a scratch file and deletes it races the copy.
  'workbench.localHistory.enabled': false,
};

/**
 * A profile folder under the system temp dir:
 *   home/ (HOME, XDG_*), tmp/ (TMPDIR), user-data/User/settings.json, extensions/,
 *   browser/ (Chromium's profile), workspace/ (a copy of the project's examples/).
 */
export function createProfile(name, examplesDir) {
  const root = mkdtempSync(join(tmpdir(), `perfdoc-e2e-${name}-`));
  const dir = (...parts) => {
    const path = join(root, ...parts);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const home = dir('home');
  const userDataDir = dir('user-data');
  writeFileSync(join(dir('user-data', 'User'), 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const workspace = join(root, 'workspace');
  cpSync(examplesDir, workspace, { recursive: true });
  const configFile = join(root, 'code-server.yaml');
  // Without --config code-server writes one into ~/.config (with a password); an empty one is invalid.
  writeFileSync(configFile, 'auth: none\n');
  return {
    root,
    userDataDir,
    workspace,
    configFile,
    extensionsDir: dir('extensions'),
    browserDir: dir('browser'),
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: dir('home', '.config'),
      XDG_DATA_HOME: dir('home', '.local', 'share'),
      XDG_STATE_HOME: dir('home', '.local', 'state'),
      XDG_CACHE_HOME: dir('home', '.cache'),
      TMPDIR: dir('tmp'),
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Unzips the VSIX's `extension/` folder into `destination`; returns that folder's path. */
export function unpackVsix(vsixPath, destination) {
  execFileSync('unzip', ['-q', '-o', vsixPath, 'extension/*', '-d', destination]);
  return join(destination, 'extension');
}

/** Builds perfdoc.vsix in `projectRoot` with the project's own `npm run package`. */
export function packageVsix(projectRoot) {
  execFileSync('npm', ['run', 'package'], { cwd: projectRoot, stdio: 'inherit', timeout: 300_000 });
  return join(projectRoot, 'perfdoc.vsix');
}
