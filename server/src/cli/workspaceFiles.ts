// The CLI's files: PATH arguments expanded into files, and the reference host that keeps
// references inside --root. Reading and the reference policy are files/fileAccess.ts's.
import * as nodePath from 'node:path';
import { AnalyzeOptions, DocumentAnalysis, ReferenceHost, analyzeFile } from '../core/analyze';
import { FileAccess, listFiles } from '../files/fileAccess';
import { FileSystem } from '../files/fileSystem';

/** The CLI walks every folder but these two: a checked tree's dependencies and history are not its design docs. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

export interface FoundFile {
  path: string;
  explicit: boolean;
}
export interface WalkError {
  path: string;
  error: string;
}

/**
 * Expands PATH arguments, in command-line order: files as given, directories walked for
 * .yaml/.yml/.md (symlinked directories not followed); a path that cannot be read stays in its place.
 */
export function collectFiles(args: string[], fileSystem: FileSystem): (FoundFile | WalkError)[] {
  const found: (FoundFile | WalkError)[] = [];
  for (const arg of args) {
    const kind = fileSystem.kindOf(arg);
    if (typeof kind === 'object') found.push({ path: arg, error: kind.error });
    else if (kind !== 'directory') found.push({ path: arg, explicit: true });
    else
      for (const f of listFiles(fileSystem, arg, { skipped: name => SKIPPED_DIRS.has(name), linkedFiles: true }))
        found.push(f.error === undefined ? { path: f.path, explicit: false } : { path: f.path, error: f.error });
  }
  return found;
}

/**
 * References resolve only to files under `root` (after symlinks are resolved), so a design
 * doc cannot make perfdoc read /etc/passwd or a file outside the checked tree.
 */
export class FileReferenceHost implements ReferenceHost {
  private readonly cache = new Map<string, DocumentAnalysis[] | { error: string }>();
  private readonly realRoot: string;
  private readonly access: FileAccess;

  constructor(
    root: string,
    fileSystem: FileSystem,
    private readonly options: AnalyzeOptions = {},
  ) {
    this.realRoot = fileSystem.realPath(root) ?? nodePath.resolve(root);
    this.access = new FileAccess(fileSystem, () => [this.realRoot]);
  }

  documentsOf(absolutePath: string): DocumentAnalysis[] | { error: string } {
    let hit = this.cache.get(absolutePath);
    if (!hit) {
      hit = this.load(absolutePath);
      this.cache.set(absolutePath, hit);
    }
    return hit;
  }

  resultsText(absolutePath: string): { text: string } | { error: string } {
    return this.read(absolutePath);
  }

  /** The text of a file under the root, or why it is not read. */
  private read(p: string): { text: string } | { error: string } {
    // Relative to the root, as the server shows it: the message does not depend on where perfdoc was started.
    const shown = nodePath.relative(this.realRoot, p) || '.';
    const r = this.access.readUnderRoot(p);
    if ('refused' in r)
      return {
        error:
          r.refused === 'outside'
            ? `${shown} is outside the root ${this.realRoot} and is not read (use --root to widen it)`
            : `${shown} links outside the root ${this.realRoot} and is not read`,
      };
    if ('error' in r) return { error: `cannot read ${shown}: ${r.error}` };
    return { text: r.text };
  }

  private load(p: string): DocumentAnalysis[] | { error: string } {
    const r = this.read(p);
    if ('error' in r) return r;
    // Referenced files are analyzed without following their own references: cycles cannot loop.
    return analyzeFile(p, r.text, { settings: this.options.settings }).documents;
  }
}
