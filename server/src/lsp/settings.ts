// The path of a setting: package.json `contributes.configuration` (perfdoc.*, scope
// "resource") → the server asks `workspace/configuration` for section "perfdoc" with the
// document's folder as `scopeUri` (lsp-sample's getDocumentSettings), once per folder, cached
// until the client says the configuration changed → `documentSettings` below → the analysis
// (FileAnalysis.settings, which quick fixes read too), inlay hints and code lenses.
//
// `documentSettings` is the one place where the editor's sources meet; a folder's
// `.perfdoc.yaml` (lsp/workspaceConfig.ts) is laid over them in `of`: FORMAT.md §13 has the
// editor settings apply where the file sets nothing, so the file's values win.
import type { PerfdocSettings } from '../../../shared/protocol';
import { effectiveSettings } from '../core/settings';
import type { AnalysisSettings } from '../core/types';

/** Everything a document's features depend on that a user can set. */
export interface DocumentSettings {
  analysis: AnalysisSettings;
  inlayHints: boolean;
  codeLens: boolean;
}

export function documentSettings(editor: PerfdocSettings | null | undefined): DocumentSettings {
  return {
    analysis: effectiveSettings(editor),
    inlayHints: editor?.inlayHints?.enabled !== false,
    codeLens: editor?.codeLens?.enabled !== false,
  };
}

const DEFAULTS = documentSettings(null);

/**
 * The settings of each scope (a workspace folder, or a document outside every folder). A
 * client without `workspace/configuration` pushes one set for all (didChangeConfiguration or
 * initializationOptions); with it, each scope is pulled when a document in it is first analysed.
 */
export class SettingsStore {
  private folders: string[] = [];
  private readonly resolved = new Map<string, DocumentSettings>();
  private readonly fetching = new Map<string, Promise<DocumentSettings>>();
  private pushed = DEFAULTS;
  /** Bumped when the configuration changes: an answer to an older request is dropped. */
  private generation = 0;
  private pull: ((scopeUri: string) => Promise<unknown>) | undefined;
  private readonly fileConfigs = new Map<string, Partial<AnalysisSettings>>();
  private readonly layered = new Map<string, { editor: DocumentSettings; merged: DocumentSettings }>();

  /** The client answers `workspace/configuration`: settings are pulled per scope from now on. */
  pullFrom(pull: (scopeUri: string) => Promise<unknown>): void {
    this.pull = pull;
  }

  setFolders(folderUris: string[]): void {
    this.folders = folderUris.map(u => u.replace(/\/$/, ''));
  }

  /** The innermost workspace folder holding `uri`, else `uri` itself. */
  scopeOf(uri: string): string {
    let best: string | undefined;
    for (const f of this.folders) if (uri.startsWith(f + '/') && (!best || f.length > best.length)) best = f;
    return best ?? uri;
  }

  /** The settings known for `uri` now: its scope's once pulled, the defaults until then; its folder's file over them. */
  of(uri: string): DocumentSettings {
    const scope = this.scopeOf(uri);
    const editor = this.pull ? (this.resolved.get(scope) ?? DEFAULTS) : this.pushed;
    const file = this.fileConfigs.get(scope);
    if (!file) return editor;
    // One object per (editor settings, file) pair: analyses are cached by the settings object.
    const hit = this.layered.get(scope);
    if (hit?.editor === editor) return hit.merged;
    const merged = { ...editor, analysis: { ...editor.analysis, ...file } };
    this.layered.set(scope, { editor, merged });
    return merged;
  }

  /** The thresholds a folder's `.perfdoc.yaml` sets (none: an empty object). */
  setFileConfig(scopeUri: string, overrides: Partial<AnalysisSettings>): void {
    this.layered.delete(scopeUri);
    if (Object.keys(overrides).length) this.fileConfigs.set(scopeUri, overrides);
    else this.fileConfigs.delete(scopeUri);
  }

  /**
   * Pulls each workspace folder's settings now, before a document is opened there, so the first
   * open's diagnostics do not wait for a `workspace/configuration` round trip (issue 18).
   */
  prefetchFolders(): void {
    for (const folder of this.folders) void this.ensure(`${folder}/`);
  }

  known(uri: string): boolean {
    return !this.pull || this.resolved.has(this.scopeOf(uri));
  }

  /** The settings of `uri`'s scope, pulled from the client the first time (one request per scope). */
  ensure(uri: string): Promise<DocumentSettings> {
    if (!this.pull) return Promise.resolve(this.pushed);
    const scope = this.scopeOf(uri);
    const hit = this.resolved.get(scope);
    if (hit) return Promise.resolve(hit);
    let request = this.fetching.get(scope);
    if (!request) {
      const generation = this.generation;
      request = this.pull(scope)
        .catch(() => null)
        .then(raw => {
          const settings = documentSettings(raw as PerfdocSettings | null);
          if (generation === this.generation) {
            this.resolved.set(scope, settings);
            this.fetching.delete(scope);
          }
          return settings;
        });
      this.fetching.set(scope, request);
    }
    return request;
  }

  /** The configuration changed: pulled settings are forgotten; `pushed` replaces a pushing client's. */
  changed(pushed?: PerfdocSettings | null): void {
    this.generation++;
    this.resolved.clear();
    this.fetching.clear();
    if (pushed !== undefined) this.pushed = documentSettings(pushed);
  }
}
