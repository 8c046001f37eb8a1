// The FileSystem of the CLI and the Node language server, on node:fs. A FIFO would block a
// read forever and /dev/zero never ends, so a file's type is checked on the open descriptor
// (opened non-blocking) before a byte is read.
import * as fs from 'node:fs';
import { TextDecoder } from 'node:util';
import { MAX_FILE_CHARS } from '../core/analyze';
import { DirectoryEntry, EntryKind, FileSystem, TextRead } from './fileSystem';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** At 4 bytes a character at most, a larger file is past MAX_FILE_CHARS: it is not read into memory. */
const MAX_FILE_BYTES = 4 * MAX_FILE_CHARS;

export const nodeFileSystem: FileSystem = {
  readText(path: string): TextRead {
    let buf: Buffer;
    let fd: number | undefined;
    try {
      fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
      const st = fs.fstatSync(fd);
      if (!st.isFile()) return { error: `not a regular file (${describe(st)})`, io: true };
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
  },

  readDirectory(path: string): DirectoryEntry[] | { error: string } {
    try {
      return fs.readdirSync(path, { withFileTypes: true }).map(e => ({ name: e.name, kind: entryKind(e) }));
    } catch (e) {
      return { error: ioMessage(e) };
    }
  },

  kindOf(path: string): Exclude<EntryKind, 'link'> | { error: string } {
    try {
      const st = fs.statSync(path);
      return st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other';
    } catch (e) {
      return { error: ioMessage(e) };
    }
  },

  realPath(path: string): string | null {
    try {
      return fs.realpathSync(path);
    } catch {
      return null;
    }
  },
};

function entryKind(e: fs.Dirent): EntryKind {
  return e.isSymbolicLink() ? 'link' : e.isFile() ? 'file' : e.isDirectory() ? 'directory' : 'other';
}

/** A Node error as a sentence for the user. */
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

function describe(st: fs.Stats): string {
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
