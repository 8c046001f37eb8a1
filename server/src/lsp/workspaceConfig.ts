// The `.perfdoc.yaml` of each workspace folder, for the server (FORMAT.md §13): the same file
// and the same parser as the CLI, so the editor and CI judge a document by the same
// thresholds. Read when the folders are known, again when the file changes on disk or in an
// editor (the editor's text wins while it is open). A file with problems sets nothing: its
// problems are the file's own diagnostics, and the editor settings apply meanwhile.
import * as nodePath from 'node:path';
import { CONFIG_FILE_NAME, WorkspaceConfig, parseConfig } from '../core/config';
import type { FileSystem } from '../files/fileSystem';

export class WorkspaceConfigs {
  private readonly byFile = new Map<string, WorkspaceConfig>();

  constructor(private readonly fileSystem: FileSystem) {}

  /** Whether `path` is the configuration of one of `folders` (only a folder's root file applies). */
  static isConfigFile(path: string, folders: readonly string[]): boolean {
    return nodePath.basename(path) === CONFIG_FILE_NAME && folders.includes(nodePath.dirname(path));
  }

  /** Reads the configuration at `path` from `text` (an open editor) or from disk; no file sets nothing. */
  load(path: string, text?: string): WorkspaceConfig {
    let config: WorkspaceConfig;
    if (text !== undefined) config = parseConfig(text);
    else {
      const r = this.fileSystem.readText(path);
      config =
        'text' in r
          ? parseConfig(r.text)
          : this.fileSystem.realPath(path) === null
            ? { overrides: {}, findings: [] }
            : {
                overrides: {},
                findings: [
                  {
                    code: 'PD002',
                    severity: 'error',
                    message: `cannot read ${CONFIG_FILE_NAME}: ${r.error}`,
                    start: 0,
                    end: 0,
                  },
                ],
              };
    }
    this.byFile.set(path, config);
    return config;
  }

  /** The thresholds the folder's file sets; nothing while it has problems. */
  overridesOf(path: string): WorkspaceConfig['overrides'] {
    const c = this.byFile.get(path);
    return c && !c.findings.length ? c.overrides : {};
  }

  findingsOf(path: string): WorkspaceConfig['findings'] {
    return this.byFile.get(path)?.findings ?? [];
  }
}
