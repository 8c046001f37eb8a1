// Loads `.perfdoc.yaml` for the CLI: `--config FILE`, else the file at the references root.
// A configuration that cannot be read or holds any problem stops the run (exit 2) with each
// problem at its line: CI must never pass on thresholds it quietly did not apply.
import * as nodePath from 'node:path';
import { CONFIG_FILE_NAME, parseConfig, withConfig } from '../core/config';
import { LineIndex } from '../core/lineIndex';
import { AnalysisSettings, DEFAULT_SETTINGS } from '../core/types';
import { FileSystem } from '../files/fileSystem';

export type LoadedSettings = { settings: AnalysisSettings; configPath?: string } | { error: string };

export function loadSettings(configOption: string | undefined, root: string, fileSystem: FileSystem): LoadedSettings {
  const path = configOption ?? nodePath.join(root, CONFIG_FILE_NAME);
  if (configOption === undefined && !hasEntry(fileSystem, root, CONFIG_FILE_NAME))
    return { settings: DEFAULT_SETTINGS };
  const shown = configOption ?? (nodePath.relative(process.cwd(), path) || path);
  const r = fileSystem.readText(path);
  if ('error' in r) return { error: `cannot read the configuration ${shown}: ${r.error}` };
  const config = parseConfig(r.text);
  if (config.findings.length) {
    const lines = new LineIndex(r.text);
    const problems = config.findings.map(f => {
      const p = lines.positionAt(f.start);
      return `${shown}:${p.line + 1}:${p.character + 1} ${f.severity} ${f.code} ${f.message}`;
    });
    return { error: `the configuration ${shown} is not used until it is fixed:\n${problems.join('\n')}` };
  }
  return { settings: withConfig(DEFAULT_SETTINGS, config), configPath: path };
}

/** Whether the folder holds an entry of that name, of any kind: a broken link or a directory there is an error, not an absence. */
function hasEntry(fileSystem: FileSystem, folder: string, name: string): boolean {
  const entries = fileSystem.readDirectory(folder);
  return !Array.isArray(entries) || entries.some(e => e.name === name);
}
