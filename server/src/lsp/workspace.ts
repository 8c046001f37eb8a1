// The server's view of the workspace: open documents (by version), files on disk, which
// file references which, and the folders references may not leave. No LSP types, and no
// file system of its own: it reads through the FileSystem the host passes in (files/).
import * as nodePath from 'node:path';
import { AnalysisSettings, DEFAULT_SETTINGS } from '../core/types';
import {
  DocumentAnalysis,
  FileAnalysis,
  LOOKS_LIKE_PERFDOC,
  ReferenceHost,
  analyzeFile,
  splitFragment,
} from '../core/analyze';
import { fileFlavor } from '../core/sources';
import { IncrementalParser } from '../core/incremental';
import { FileAccess, Refusal, isInside, listFiles } from '../files/fileAccess';
import { FileSystem } from '../files/fileSystem';

/** `latencyFrom:`, `budget:` or `capacity:` with a value that names a file (segment budgets like `40ms` do not). */
const REFERENCE_LINE =
  /^[ \t]*(?:-[ \t]+)?(latencyFrom|budget|capacity):[ \t]*(["']?[^\s#"']*\.(?:ya?ml|md)(?:#[^\n"']*)?["']?)/gm;

interface OpenDoc {
  version: number;
  text: string;
  path: string;
  parser: IncrementalParser;
}
interface CachedAnalysis {
  version: number;
  analysis: FileAnalysis;
}

/** The index skips dependencies, build output and dot-folders (.git, .vscode-test): not the team's design docs. */
const SKIPPED_DIRS = new Set(['node_modules', 'out', 'dist']);
const skippedByIndex = (name: string) => SKIPPED_DIRS.has(name) || name.startsWith('.');
/** Referenced files whose analyses are kept before the cache is pruned to those still referenced. */
const SHALLOW_CACHE_ENTRIES = 1000;

export class Workspace implements ReferenceHost {
  private readonly open = new Map<string, OpenDoc>();
  private readonly analyses = new Map<string, CachedAnalysis>();
  /** Shallow analyses (references not followed) of referenced files, open or on disk. */
  private readonly shallow = new Map<
    string,
    { key: string; settings: AnalysisSettings; docs: DocumentAnalysis[] | { error: string } }
  >();
  private pruneShallowAt = SHALLOW_CACHE_ENTRIES;
  /** file → the absolute paths its documents reference. */
  private readonly referencesOf = new Map<string, Set<string>>();
  private roots: string[] = [];
  private readonly access: FileAccess;
  /** perfdoc files found on disk in the workspace folders. */
  private readonly indexed = new Set<string>();
  get indexedFiles(): number {
    return this.indexed.size;
  }

  /**
   * @param settingsOf the settings a file is analysed with (its folder's): asked on every
   *   analysis, and a cached analysis is reused only while the answer is the same object, so
   *   new settings (a new object) re-analyse without telling the workspace.
   */
  constructor(
    private readonly fileSystem: FileSystem,
    private readonly settingsOf: (path: string) => AnalysisSettings = () => DEFAULT_SETTINGS,
  ) {
    // References stay inside the workspace folders (symlinks resolved). With no folder open (a
    // single file), the folders of the open documents stand in: a document must not make the
    // server read anything anywhere (a file in /etc, a device that never ends).
    this.access = new FileAccess(fileSystem, () =>
      this.roots.length ? this.roots : [...this.open.keys()].map(o => this.realPathOr(nodePath.dirname(o))),
    );
  }

  setRoots(roots: string[]): void {
    this.roots = roots.map(r => this.realPathOr(nodePath.resolve(r)));
  }

  /** The editor's text of `path` is now `text`; analyses of the documents referencing it are stale. */
  openDocument(path: string, version: number, text: string): void {
    const parser = this.open.get(path)?.parser ?? new IncrementalParser();
    this.open.set(path, { path, version, text, parser });
    this.forget(path);
  }

  closeDocument(path: string): void {
    this.open.delete(path);
    this.analyses.delete(path);
    this.forget(path);
  }

  isOpen(path: string): boolean {
    return this.open.has(path);
  }
  openPaths(): string[] {
    return [...this.open.keys()];
  }
  version(path: string): number | undefined {
    return this.open.get(path)?.version;
  }

  /** Every perfdoc file the workspace knows: open documents and those indexed on disk. */
  knownPaths(): string[] {
    return [...new Set([...this.open.keys(), ...this.indexed])].sort();
  }

  /** Analysis of a workspace file with references followed: the editor's text if open, else the disk's. */
  analysisOfAny(path: string): FileAnalysis | undefined {
    if (this.open.has(path)) return this.analysisOf(path);
    const text = this.textOf(path);
    return text === undefined
      ? undefined
      : analyzeFile(path, text, { settings: this.settingsOf(path), references: this });
  }

  /** Current text of a file: the editor's if open, else the disk's. */
  textOf(path: string): string | undefined {
    const open = this.open.get(path);
    if (open) return open.text;
    const r = this.access.readUnderRoot(path);
    return 'text' in r ? r.text : undefined;
  }

  /** The analysis of an open document at its current version (cached by version and settings). */
  analysisOf(path: string): FileAnalysis | undefined {
    const doc = this.open.get(path);
    if (!doc) return undefined;
    const settings = this.settingsOf(path);
    const cached = this.analyses.get(path);
    if (cached && cached.version === doc.version && cached.analysis.settings === settings) return cached.analysis;
    // The stale analysis goes first: holding both while the new one is built raised peak memory.
    this.analyses.delete(path);
    // Only the pieces of the text an edit touched are parsed again (see core/incremental.ts).
    const analysis = analyzeFile(path, doc.text, { settings, references: this }, doc.parser);
    this.analyses.set(path, { version: doc.version, analysis });
    this.recordReferences(path, analysis);
    return analysis;
  }

  /** A file on disk changed (or was created or deleted): forget what we knew of it and of its dependents. */
  fileChanged(path: string): void {
    this.fileSystem.changed?.(path);
    this.fileArrived(path);
  }

  /** The file system has now read a file it had to ask the client for (clientFileSystem.ts): analyses that missed it are stale. */
  fileArrived(path: string): void {
    this.forget(path);
    if (!this.open.has(path)) this.indexFile(path);
  }

  /** Open documents whose analysis depends on `path` (a query: the events above invalidate). */
  dependentsOf(path: string): string[] {
    return this.referencing(path).filter(p => this.open.has(p));
  }

  private referencing(path: string): string[] {
    const out: string[] = [];
    for (const [from, targets] of this.referencesOf) if (from !== path && targets.has(path)) out.push(from);
    return out;
  }

  /** `path` has new content: its shallow analysis and the analyses of files referencing it are stale. */
  private forget(path: string): void {
    this.shallow.delete(path);
    for (const p of this.referencing(path)) this.analyses.delete(p);
  }

  documentsOf(absolutePath: string): DocumentAnalysis[] | { error: string } {
    const refused = this.access.refusal(absolutePath);
    if (refused) return { error: this.refusalMessage(absolutePath, refused) };
    const open = this.open.get(absolutePath);
    const key = open ? `v${open.version}` : 'disk';
    const settings = this.settingsOf(absolutePath);
    const hit = this.shallow.get(absolutePath);
    if (hit && hit.key === key && hit.settings === settings) return hit.docs;
    let docs: DocumentAnalysis[] | { error: string };
    if (open) docs = analyzeFile(absolutePath, open.text, { settings }).documents;
    else {
      const r = this.fileSystem.readText(absolutePath);
      docs =
        'error' in r
          ? { error: `cannot read ${this.display(absolutePath)}: ${r.error}` }
          : analyzeFile(absolutePath, r.text, { settings }).documents;
    }
    this.shallow.set(absolutePath, { key, settings, docs });
    if (this.shallow.size > this.pruneShallowAt) this.pruneShallow(absolutePath);
    return docs;
  }

  resultsText(absolutePath: string): { text: string } | { error: string } {
    const refused = this.access.refusal(absolutePath);
    if (refused) return { error: this.refusalMessage(absolutePath, refused) };
    const r = this.fileSystem.readText(absolutePath);
    return 'error' in r ? { error: `cannot read ${this.display(absolutePath)}: ${r.error}` } : { text: r.text };
  }

  /**
   * Every path typed into a reference leaves an entry (20,000 typed paths held 10 MB): keep
   * the files something still references, and prune again when the cache has doubled.
   */
  private pruneShallow(keep: string): void {
    const referenced = new Set<string>([keep, ...this.open.keys()]);
    for (const targets of this.referencesOf.values()) for (const t of targets) referenced.add(t);
    for (const p of this.shallow.keys()) if (!referenced.has(p)) this.shallow.delete(p);
    this.pruneShallowAt = Math.max(SHALLOW_CACHE_ENTRIES, 2 * this.shallow.size);
  }

  private refusalMessage(p: string, refused: Refusal): string {
    const where = this.roots.length ? 'workspace folder' : 'folders of the open documents';
    return `${this.display(p)} ${refused === 'outside' ? 'is' : 'links'} outside the ${where} and is not read`;
  }

  /** The path with symlinks resolved, or as given when it does not exist (yet). */
  private realPathOr(p: string): string {
    return this.fileSystem.realPath(p) ?? p;
  }

  private display(p: string): string {
    const root = this.roots.find(r => isInside(r, p));
    return root ? nodePath.relative(root, p) || '.' : p;
  }

  private recordReferences(path: string, analysis: FileAnalysis): void {
    const targets = new Set<string>();
    for (const d of analysis.documents) {
      for (const r of d.references) if (r.path) targets.add(r.path);
      // A plan's results files too: a run written, rewritten or deleted re-checks the plan (LT009, LT010).
      for (const f of d.resultsFiles) targets.add(f);
    }
    if (targets.size) this.referencesOf.set(path, targets);
    else this.referencesOf.delete(path);
  }

  /** Reads one file into the reference graph (used at start and when a closed file changes). */
  indexFile(path: string): void {
    // A file of no perfdoc flavour (a results JSON or CSV) holds no documents: not even read.
    // A changed file the client reports may be a symlink out of the workspace.
    const r = fileFlavor(path) === 'other' ? undefined : this.access.readUnderRoot(path);
    if (!r || !('text' in r) || !(fileFlavor(path) === 'perf-yaml' || LOOKS_LIKE_PERFDOC.test(r.text))) {
      this.referencesOf.delete(path);
      this.indexed.delete(path);
      return;
    }
    // The index only needs who references whom: a line scan, not a parse and analysis of
    // every file (2,000 files must be indexed in well under 3 s). Over-approximating an edge
    // costs at most one extra re-analysis of a dependent; open files use their exact analysis.
    const targets = new Set<string>();
    for (const m of r.text.matchAll(REFERENCE_LINE)) {
      const [file] = splitFragment(m[2].replace(/^["']|["']$/g, ''));
      if (file) targets.add(nodePath.resolve(nodePath.dirname(path), file));
    }
    if (targets.size) this.referencesOf.set(path, targets);
    else this.referencesOf.delete(path);
    this.indexed.add(path);
  }

  /**
   * Walks the workspace folders and indexes perfdoc files in small slices, yielding to the
   * event loop between slices so diagnostics for the open file are never held up.
   */
  async indexAll(yieldToOthers: () => Promise<void>): Promise<number> {
    const files = this.roots.flatMap(root =>
      listFiles(this.fileSystem, root, { skipped: skippedByIndex, linkedFiles: false })
        .filter(f => f.error === undefined)
        .map(f => f.path),
    );
    let slice = 0;
    for (const f of files) {
      if (!this.open.has(f)) this.indexFile(f);
      if (++slice % 25 === 0) await yieldToOthers();
    }
    return files.length;
  }
}
