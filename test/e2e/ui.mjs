// Part "ui": perfdoc as a person meets it. The VSIX is installed with
// `code-server --install-extension`, and Chromium works the editor with keyboard and mouse:
// quick open, squiggle, Problems panel, hover, quick fix, and the Budget & Capacity preview, which
// comes back after a window reload. The selectors are VS Code's DOM
// (version 1.100.3), so these tests stay few; the integration suite checks the details.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProfile } from './lib/profile.mjs';
import { installExtension, openBrowser, startCodeServer } from './lib/editor.mjs';
import { QUEUE_DRAIN, workersLine } from './lib/queueDrain.mjs';

/**
 * For waits on something that starts or loads (the workbench and its extension host, a file search, perfdoc's
 * activation and server, a webview): on a loaded machine (load average ~20 on 2 cores) the first workbench took
 * 29.5 s and the preview's charts after the reload 24.9 s, against 30 s for everything else, which stays the
 * default for what answers a key or a click. Still a wait on a condition: it ends as soon as the thing shows.
 */
const STARTING = { timeout: 120_000 };

const escapeRegExp = text => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Runs a command by its title from the command palette, as a person does. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor();
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
}

export async function runUi(scope, { projectRoot, vsixPath, artifactsDir, logsDir }) {
  let stepStart = Date.now();
  const profile = createProfile('ui', join(projectRoot, 'examples'));
  scope.defer(profile.remove);
  await installExtension(profile, vsixPath);
  const server = await startCodeServer(scope, profile, join(logsDir, 'ui-code-server.log'));
  const page = await openBrowser(scope, profile, join(logsDir, 'ui-browser.log'));
  page.setDefaultTimeout(30_000);
  const screenshot = name => page.screenshot({ path: join(artifactsDir, `ui-${name}.png`), timeout: 10_000 });
  const report = what => console.log(`    ${what}`);
  let step = 'start'; // the install, code-server and Chromium above
  // Each step's wall time is printed: on a loaded machine it tells slowness from a hang.
  const enter = next => {
    report(`[${step}: ${((Date.now() - stepStart) / 1000).toFixed(1)}s]`);
    step = next;
    stepStart = Date.now();
  };
  // The picture of where a failure or a timeout left the editor; taken before the browser closes.
  scope.defer(() => step !== 'done' && screenshot(`failed-at-${step}`));
  /** Prints what the editor shows and fails unless it matches `expected` (the figures are the example's own, by hand). */
  const check = (what, shown, expected) => {
    report(`${what}: ${JSON.stringify(shown)}`);
    if (!expected.test(shown))
      throw new Error(`${what}: expected ${expected}, the editor shows ${JSON.stringify(shown)}`);
  };
  // examples/queue-drain.perf.yaml: ceil((2,000,000 / 1,800 s + 400/s) / 40/s) = 38 workers (§10.4), 28 declared.
  const NEEDED = 38;

  enter('workbench');
  await page.goto(server.workbenchUrl(profile.workspace));
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor(STARTING);

  enter('quick-open');
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor();
  await page.keyboard.type(QUEUE_DRAIN);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: QUEUE_DRAIN }).first().waitFor(STARTING);
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: QUEUE_DRAIN }).waitFor();

  enter('squiggle');
  // The editor renders only the lines in view: go to the `workers:` line, below the example's long comment.
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor();
  await page.keyboard.type(String(workersLine(profile.workspace).line + 1));
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .squiggly-error').first().waitFor(STARTING);
  await screenshot('1-squiggle');
  report('squiggle shown');

  enter('problems');
  await page.keyboard.press('Control+Shift+M');
  const cm004Row = page.locator('.markers-panel .monaco-list-row', { hasText: 'CM004' }).first();
  await cm004Row.waitFor();
  check('Problems row', await cm004Row.innerText(), new RegExp(`needs ${NEEDED} workers to drain 2,000,000 messages`));
  await screenshot('2-problems');

  enter('hover');
  // Opening the problem reveals its line (the editor renders only visible lines) and selects its range.
  await cm004Row.dblclick();
  const workers = workersLine(profile.workspace);
  // A line's text may go on with inlay hints; the editor renders spaces as U+00A0, which \s matches.
  const workersView = page.locator('.view-lines .view-line', {
    hasText: new RegExp(`^\\s*workers:\\s*${escapeRegExp(workers.value)}(?![\\w.])`),
  });
  const workersValue = workersView
    .locator('span span', { hasText: new RegExp(`^${escapeRegExp(workers.value)}$`) })
    .first();
  const box = await workersValue.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // The hover's own part (not the problem's message, which the same hover shows above it).
  const hover = page.locator('.monaco-hover .markdown-hover', { hasText: /workers/i }).first();
  await hover.waitFor();
  check('hover', await hover.innerText(), new RegExp(`\\b${NEEDED}\\b`));
  await screenshot('3-hover');
  await page.mouse.move(0, 0);
  await hover.waitFor({ state: 'hidden' });

  enter('quick-fix');
  // The problem's range is still selected: Ctrl+. lists the fixes for it.
  await page.keyboard.press('Control+.');
  const firstFix = page.locator('.action-widget .monaco-list-row.action').first();
  await firstFix.waitFor();
  check(
    'first quick fix',
    (await firstFix.innerText()).trim(),
    new RegExp(`^Set workers to ${NEEDED} to drain 2,000,000 messages in 30 min$`),
  );
  await screenshot('4-quick-fix-menu');
  await page.keyboard.press('Enter');
  // Fixed: the line no longer reads `workers: <old value>`, and the problem is gone.
  await workersView.waitFor({ state: 'detached' });
  await cm004Row.waitFor({ state: 'detached' });
  const fixedLine = page.locator('.view-lines .view-line', { hasText: /^\s*workers:/ }).first();
  check(
    'after the fix',
    (await fixedLine.innerText()).replace(/\s+/g, ' ').trim(),
    new RegExp(`^workers: ${NEEDED}\\b`),
  );
  await screenshot('5-fixed');

  enter('preview');
  // Saved, so that the reload below has no unsaved changes to ask about.
  await page.keyboard.press('Control+S');
  await page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
  await runCommand(page, 'perfdoc: Open Budget & Capacity Preview');
  const previewTab = page.locator('.tab', { hasText: `Budget & Capacity: ${QUEUE_DRAIN}` });
  await previewTab.waitFor();
  // The charts' page sits in the webview's inner frame; its heading names the document (kind and name).
  const documentName = /^name:\s*(.+?)\s*$/m.exec(readFileSync(join(profile.workspace, QUEUE_DRAIN), 'utf8'))[1];
  const previewHeading = page
    .frameLocator('iframe.webview')
    .frameLocator('#active-frame')
    .locator('h2', { hasText: documentName });
  await previewHeading.waitFor(STARTING);
  check('preview', await previewHeading.innerText(), new RegExp(`CapacityModel\\s+${escapeRegExp(documentName)}`));
  // The demand-flow diagram of the fixed document: the queue's box with the workers the quick fix set.
  const fixedWorkers = /^\s*workers:\s*(\d+)/m.exec(readFileSync(join(profile.workspace, QUEUE_DRAIN), 'utf8'))[1];
  const queueBox = page
    .frameLocator('iframe.webview')
    .frameLocator('#active-frame')
    .locator('svg.pd-flow g.pd-flow-node', { hasText: `${fixedWorkers} workers ×` })
    .first(); // the diagram as designed; the what-ifs' come after it
  await queueBox.waitFor();
  report(`flow diagram: ${JSON.stringify((await queueBox.textContent()).replace(/\s+/g, ' ').trim())}`);
  await screenshot('6-preview');

  enter('reload');
  // Only the preview stays open: after the reload nothing but the state its page kept names the
  // document, and no YAML editor activates perfdoc (onWebviewPanel:perfdoc.preview does).
  const editorTab = page.locator('.tab', { hasText: QUEUE_DRAIN }).filter({ hasNotText: 'Budget & Capacity' });
  await editorTab.click({ button: 'middle' });
  await editorTab.waitFor({ state: 'detached' });
  const reloaded = page.waitForEvent('load', STARTING);
  await runCommand(page, 'Developer: Reload Window');
  await reloaded;
  enter('restored-tab');
  await previewTab.waitFor(STARTING);
  // The charts come once the extension host has restarted, perfdoc activated, the server started and drawn them.
  enter('restored-charts');
  await previewHeading.waitFor(STARTING);
  check(
    'after the reload',
    await previewHeading.innerText(),
    new RegExp(`CapacityModel\\s+${escapeRegExp(documentName)}`),
  );
  const tabs = await page.locator('.tab').allInnerTexts();
  report(`editors: ${JSON.stringify(tabs)}`);
  if (tabs.some(t => t.includes(QUEUE_DRAIN) && !t.includes('Budget & Capacity')))
    throw new Error(`after the reload only the preview is open, not ${JSON.stringify(tabs)}`);
  await screenshot('7-preview-restored');
  enter('done');
}
