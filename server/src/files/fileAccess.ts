// What a document may make perfdoc read, written once for the CLI and the server: files
// under the roots (the workspace folders, or the CLI's --root), with symlinks resolved, and
// only regular text files within the size limit (fileSystem.ts). A design doc must not make
// perfdoc read /etc/passwd, a file beside the checked tree, or a device that never ends.
// Referenced documents, results files and `.perfdoc.yaml` are all read through `readUnderRoot`.
//
// Path arithmetic (node:path) is pure and allowed here and in the core; only fileSystem.ts's
// implementations touch a file system.
import * as nodePath from 'node:path';
import { byCodeUnit, fileFlavor } from '../core/sources';
import { FileSystem, TextRead } from './fileSystem';

/** Why a path is not read: it is not under a root, or it is but a symlink leads out of every root. */
export type Refusal = 'outside' | 'links outside';

export function isInside(root: string, p: string): boolean {
  const rel = nodePath.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !nodePath.isAbsolute(rel));
}

export class FileAccess {
  /**
   * @param roots the folders reads must stay in, with their symlinks resolved (asked on every
   *   check: the server's roots change with the workspace folders and the open documents).
   */
  constructor(
    readonly fs: FileSystem,
    private readonly roots: () => readonly string[],
  ) {}

  /**
   * Why `path` may not be read, or null. The folder is resolved first (the file itself may not
   * exist yet: a reference being typed), so `root/./` is inside and `root/link-dir/x` is not.
   */
  refusal(path: string): Refusal | null {
    const roots = this.roots();
    const folder = this.fs.realPath(nodePath.dirname(path));
    const placed = folder ? nodePath.join(folder, nodePath.basename(path)) : nodePath.resolve(path);
    if (!roots.some(r => isInside(r, placed))) return 'outside';
    const real = this.fs.realPath(path);
    if (real && !roots.some(r => isInside(r, real))) return 'links outside';
    return null;
  }

  /** A text file under a root; a refused path is not opened at all. */
  readUnderRoot(path: string): TextRead | { refused: Refusal } {
    const refused = this.refusal(path);
    return refused ? { refused } : this.fs.readText(path);
  }
}

/** A file found by a walk, or a directory it could not read. */
export type ListedFile = { path: string; error?: undefined } | { path: string; error: string };

/**
 * The .yaml/.yml/.md files under `dir` in name order, and the directories that could not be
 * read (with `error`) in their place. Directories `skipped` names are left out; symlinked
 * directories are never followed, symlinked files only when `linkedFiles` (the CLI checks a
 * link in the tree it is given; the reference policy still applies to what they reference).
 */
export function listFiles(
  fileSystem: FileSystem,
  dir: string,
  options: { skipped: (name: string) => boolean; linkedFiles: boolean },
): ListedFile[] {
  const out: ListedFile[] = [];
  const walk = (at: string) => {
    const entries = fileSystem.readDirectory(at);
    if ('error' in entries) {
      out.push({ path: at, error: entries.error });
      return;
    }
    for (const e of entries.sort((a, b) => byCodeUnit(a.name, b.name))) {
      const p = nodePath.join(at, e.name);
      if (e.kind === 'directory') {
        if (!options.skipped(e.name)) walk(p);
      } else if ((e.kind === 'file' || (options.linkedFiles && e.kind === 'link')) && fileFlavor(p) !== 'other')
        out.push({ path: p });
    }
  };
  walk(dir);
  return out;
}
