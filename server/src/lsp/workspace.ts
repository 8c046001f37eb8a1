// The server's view of the workspace: open documents (by version), files on disk, which
// file references which, and the folders references may not leave. Pure Node, no LSP types.
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { AnalysisSettings } from '../core/types';
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
import { isInside, readText } from '../cli/workspaceFiles';

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
  settingsEpoch: number;
  analysis: FileAnalysis;
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.vscode-test', 'out', 'dist']);
/** Referenced files whose analyses are kept before the cache is pruned to those still referenced. */
const SHALLOW_CACHE_ENTRIES = 1000;

export class Workspace implements ReferenceHost {
  private readonly open = new Map<string, OpenDoc>();
  private readonly analyses = new Map<string, CachedAnalysis>();
  /** Shallow analyses (references not followed) of referenced files, open or on disk. */
  private readonly shallow = new Map<string, { key: string; docs: DocumentAnalysis[] | { error: string } }>();
  private pruneShallowAt = SHALLOW_CACHE_ENTRIES;
  /** file → the absolute paths its documents reference. */
  private readonly referencesOf = new Map<string, Set<string>>();
  private roots: string[] = [];
  private settingsEpoch = 0;
  /** perfdoc files found on disk in the workspace folders. */
  private readonly indexed = new Set<string>();
  get indexedFiles(): number {
    return this.indexed.size;
  }

  constructor(private settings: AnalysisSettings) {}

  setRoots(roots: string[]): void {
    this.roots = roots.map(r => realpathOr(nodePath.resolve(r)));
  }

  setSettings(settings: AnalysisSettings): void {
    this.settings = settings;
    this.settingsEpoch++;
    this.shallow.clear();
  }

  getSettings(): AnalysisSettings {
    return this.settings;
  }

  openDocument(path: string, version: number, text: string): void {
    const parser = this.open.get(path)?.parser ?? new IncrementalParser();
    this.open.set(path, { path, version, text, parser });
    this.shallow.delete(path);
  }

  closeDocument(path: string): void {
    this.open.delete(path);
    this.analyses.delete(path);
    this.shallow.delete(path);
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
    return text === undefined ? undefined : analyzeFile(path, text, { settings: this.settings, references: this });
  }

  /** Current text of a file: the editor's if open, else the disk's. */
  textOf(path: string): string | undefined {
    const open = this.open.get(path);
    if (open) return open.text;
    if (this.refuse(path)) return undefined;
    const r = readText(path);
    return 'text' in r ? r.text : undefined;
  }

  /** The analysis of an open document at its current version (cached by version and settings). */
  analysisOf(path: string): FileAnalysis | undefined {
    const doc = this.open.get(path);
    if (!doc) return undefined;
    const cached = this.analyses.get(path);
    if (cached && cached.version === doc.version && cached.settingsEpoch === this.settingsEpoch) return cached.analysis;
    // The stale analysis goes first: holding both while the new one is built raised peak memory.
    this.analyses.delete(path);
    // Only the pieces of the text an edit touched are parsed again (see core/incremental.ts).
    const analysis = analyzeFile(
      path,
      doc.text,
      { settings: this.settings, references: this },
      doc.parser.parse(path, doc.text),
    );
    this.analyses.set(path, { version: doc.version, settingsEpoch: this.settingsEpoch, analysis });
    this.recordReferences(path, analysis);
    return analysis;
  }

  /** A file on disk changed (or was created or deleted): forget what we knew of it. */
  fileChanged(path: string): void {
    this.shallow.delete(path);
    if (!this.open.has(path)) this.indexFile(path);
  }

  /** Open documents whose analysis depends on `path`; their cached analyses are dropped. */
  dependentsOf(path: string): string[] {
    const out: string[] = [];
    for (const [from, targets] of this.referencesOf) {
      if (from !== path && targets.has(path)) out.push(from);
    }
    for (const p of out) this.analyses.delete(p);
    return out.filter(p => this.open.has(p));
  }

  documentsOf(absolutePath: string): DocumentAnalysis[] | { error: string } {
    const refused = this.refuse(absolutePath);
    if (refused) return { error: refused };
    const open = this.open.get(absolutePath);
    const key = open ? `v${open.version}` : 'disk';
    const hit = this.shallow.get(absolutePath);
    if (hit && hit.key === key) return hit.docs;
    let docs: DocumentAnalysis[] | { error: string };
    if (open) docs = analyzeFile(absolutePath, open.text, { settings: this.settings }).documents;
    else {
      const r = readText(absolutePath);
      docs =
        'error' in r
          ? { error: `cannot read ${this.display(absolutePath)}: ${r.error}` }
          : analyzeFile(absolutePath, r.text, { settings: this.settings }).documents;
    }
    this.shallow.set(absolutePath, { key, docs });
    if (this.shallow.size > this.pruneShallowAt) this.pruneShallow(absolutePath);
    return docs;
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

  /**
   * References stay inside the workspace folders (symlinks resolved). With no folder open (a
   * single file), the folders of the open documents stand in: a document must not make the
   * server read anything anywhere (a file in /etc, a device that never ends).
   */
  private refuse(p: string): string | undefined {
    const roots = this.roots.length ? this.roots : [...this.open.keys()].map(o => realpathOr(nodePath.dirname(o)));
    if (roots.some(r => isInside(r, realpathOr(p)))) return undefined;
    return `${this.display(p)} is outside the ${this.roots.length ? 'workspace folder' : 'folders of the open documents'} and is not read`;
  }

  private display(p: string): string {
    const root = this.roots.find(r => isInside(r, p));
    return root ? nodePath.relative(root, p) || '.' : p;
  }

  private recordReferences(path: string, analysis: FileAnalysis): void {
    const targets = new Set<string>();
    for (const d of analysis.documents) for (const r of d.references) if (r.path) targets.add(r.path);
    if (targets.size) this.referencesOf.set(path, targets);
    else this.referencesOf.delete(path);
  }

  /** Reads one file into the reference graph (used at start and when a closed file changes). */
  indexFile(path: string): void {
    // A changed file the client reports may be a symlink out of the workspace.
    const r = this.refuse(path) ? { error: 'outside' } : readText(path);
    if ('error' in r || !(fileFlavor(path) === 'perf-yaml' || LOOKS_LIKE_PERFDOC.test(r.text))) {
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
    const files: string[] = [];
    for (const root of this.roots) collect(root, files);
    let slice = 0;
    for (const f of files) {
      if (!this.open.has(f)) this.indexFile(f);
      if (++slice % 25 === 0) await yieldToOthers();
    }
    return files.length;
  }
}

/** The path with symlinks resolved, or as given when it does not exist (yet). */
function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function collect(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = nodePath.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) collect(p, out);
    } else if (e.isFile() && fileFlavor(p) !== 'other') out.push(p);
  }
}
