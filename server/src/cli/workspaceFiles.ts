// Reading files for the CLI: directory walks, text decoding with clear per-file errors,
// and the reference host that keeps references inside the root (never outside, never a URL).
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { TextDecoder } from 'node:util';
import { AnalyzeOptions, DocumentAnalysis, MAX_FILE_CHARS, ReferenceHost, analyzeFile } from '../core/analyze';
import { fileFlavor } from '../core/sources';

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
export function collectFiles(args: string[]): (FoundFile | WalkError)[] {
  const found: (FoundFile | WalkError)[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      found.push({ path: dir, error: ioMessage(e) });
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = nodePath.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) walk(p);
      } else if ((e.isFile() || e.isSymbolicLink()) && fileFlavor(p) !== 'other')
        found.push({ path: p, explicit: false });
    }
  };
  for (const arg of args) {
    let st: fs.Stats;
    try {
      st = fs.statSync(arg);
    } catch (e) {
      found.push({ path: arg, error: ioMessage(e) });
      continue;
    }
    if (st.isDirectory()) walk(arg);
    else found.push({ path: arg, explicit: true });
  }
  return found;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** At 4 bytes a character at most, a larger file is past MAX_FILE_CHARS: it is not read into memory. */
const MAX_FILE_BYTES = 4 * MAX_FILE_CHARS;

/**
 * Reads a regular file as UTF-8 text; anything else is an error the user can act on. A FIFO
 * would block the read forever and /dev/zero never ends, so the type is checked on the open
 * descriptor (non-blocking) before a byte is read.
 */
export function readText(path: string): { text: string } | { error: string; io: boolean } {
  let buf: Buffer;
  let fd: number | undefined;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { error: `not a regular file (${fileKind(st)})`, io: true };
    if (st.size > MAX_FILE_BYTES)
      return {
        error: `file is ${(st.size / 1024 / 1024).toFixed(0)} MB; perfdoc analyzes files up to ${MAX_FILE_CHARS / 1024 / 1024} M characters`,
        io: false,
      };
    buf = fs.readFileSync(fd);
  } catch (e) {
    return { error: ioMessage(e), io: true };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  if (buf.subarray(0, 8000).includes(0))
    return { error: 'binary file (contains NUL bytes), not YAML or Markdown text', io: false };
  try {
    return { text: utf8.decode(buf) };
  } catch {
    return { error: 'not valid UTF-8 text: perfdoc reads UTF-8 files', io: false };
  }
}

export function ioMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or directory (or a broken symlink)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    default:
      return err.message ?? String(e);
  }
}

function fileKind(st: fs.Stats): string {
  return st.isFIFO()
    ? 'a named pipe'
    : st.isCharacterDevice() || st.isBlockDevice()
      ? 'a device'
      : st.isSocket()
        ? 'a socket'
        : st.isDirectory()
          ? 'a directory'
          : 'not a file';
}

function realpathOrNull(p: string): string | null {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}

export function isInside(root: string, p: string): boolean {
  const rel = nodePath.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !nodePath.isAbsolute(rel));
}

/**
 * References resolve only to files under `root` (after symlinks are resolved), so a design
 * doc cannot make perfdoc read /etc/passwd or a file outside the checked tree.
 */
export class FileReferenceHost implements ReferenceHost {
  private readonly cache = new Map<string, DocumentAnalysis[] | { error: string }>();
  private readonly realRoot: string;

  constructor(
    root: string,
    private readonly options: AnalyzeOptions = {},
  ) {
    this.realRoot = realpathOrNull(root) ?? nodePath.resolve(root);
  }

  documentsOf(absolutePath: string): DocumentAnalysis[] | { error: string } {
    let hit = this.cache.get(absolutePath);
    if (!hit) {
      hit = this.load(absolutePath);
      this.cache.set(absolutePath, hit);
    }
    return hit;
  }

  private load(p: string): DocumentAnalysis[] | { error: string } {
    const shown = nodePath.relative(process.cwd(), p) || '.';
    // Where the path is with its folder's links resolved (the file itself may not exist): the
    // root folder itself (a reference typed as far as `./`) is inside, not outside.
    const folder = realpathOrNull(nodePath.dirname(p));
    if (!isInside(this.realRoot, folder ? nodePath.join(folder, nodePath.basename(p)) : p))
      return { error: `${shown} is outside the root ${this.realRoot} and is not read (use --root to widen it)` };
    const real = realpathOrNull(p);
    if (real && !isInside(this.realRoot, real))
      return { error: `${shown} links outside the root ${this.realRoot} and is not read` };
    const r = readText(p);
    if ('error' in r) return { error: `cannot read ${shown}: ${r.error}` };
    // Referenced files are analyzed without following their own references: cycles cannot loop.
    return analyzeFile(p, r.text, { settings: this.options.settings }).documents;
  }
}
