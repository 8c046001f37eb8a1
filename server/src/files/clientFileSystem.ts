// The FileSystem of files the server cannot open itself: the whole workspace in the web build
// (vscode.dev, github.dev), virtual workspaces on the desktop. It reads through the client
// (`perfdoc/readFile`, the client answers from `workspace.fs`: vscode-yaml's fs/readFile
// pattern), under the same policy as the Node file system: FileAccess refuses any path
// outside the workspace folders before a read is asked for, the client refuses any URI
// outside them as well, and neither side fetches a URL.
//
// FileSystem is synchronous (a reference is followed in the middle of an analysis): a file not
// read yet is a miss answered with an error, its read starts, and when it arrives `arrived`
// tells the server, which re-analyses what references it. An analysis that missed is not
// published (its diagnostics would flash "cannot read" for a file that is on its way).
import { MAX_FILE_CHARS } from '../core/analyze';
import { DirectoryEntry, EntryKind, FileSystem, TextRead } from './fileSystem';

/** At 4 bytes a character at most, a larger file is past MAX_FILE_CHARS: the client does not read it. */
export const MAX_CLIENT_READ_BYTES = 4 * MAX_FILE_CHARS;

export class ClientFileSystem implements FileSystem {
  private readonly texts = new Map<string, TextRead>();
  private readonly reading = new Set<string>();
  /** How many reads were asked for before their text had arrived (see `missedSince`). */
  private misses = 0;

  /**
   * @param read asks the client for a file by URI (at most MAX_CLIENT_READ_BYTES)
   * @param uriOf the URI of a path (files/documentPaths.ts)
   * @param arrived called once a file's text (or why it cannot be read) has arrived
   */
  constructor(
    private readonly read: (uri: string) => Promise<TextRead>,
    private readonly uriOf: (path: string) => string,
    private readonly arrived: (path: string) => void,
  ) {}

  readText(path: string): TextRead {
    const known = this.texts.get(path);
    if (known) return known;
    this.misses++;
    if (!this.reading.has(path)) {
      this.reading.add(path);
      void this.read(this.uriOf(path))
        .catch((e: unknown): TextRead => ({ error: (e as Error)?.message ?? String(e), io: true }))
        .then(r => {
          this.reading.delete(path);
          this.texts.set(path, r);
          this.arrived(path);
        });
    }
    return { error: 'not read yet (perfdoc is reading it through the editor)', io: true };
  }

  /** The editor lists no folders for the server: nothing is indexed, references are read when followed. */
  readDirectory(): DirectoryEntry[] | { error: string } {
    return { error: 'folders are not listed in this editor' };
  }

  kindOf(): Exclude<EntryKind, 'link'> | { error: string } {
    return { error: 'not a file the server can see' };
  }

  /** Virtual file systems show extensions no symlinks: a path is where it is. */
  realPath(path: string): string | null {
    return path;
  }

  /** The file changed in the workspace: its next read asks the client again. */
  changed(path: string): void {
    this.texts.delete(path);
  }

  /** A mark for `missedSince`. */
  missMark(): number {
    return this.misses;
  }

  /** Whether a read since `mark` had to wait for the client. */
  missedSince(mark: number): boolean {
    return this.misses !== mark;
  }
}

/**
 * The Node hosts' file system with virtual paths (a virtual workspace on the desktop) routed
 * to the client: each path goes to the file system that can read it.
 */
export function routedFileSystem(
  own: FileSystem,
  client: FileSystem,
  isClients: (path: string) => boolean,
): FileSystem {
  const of = (path: string) => (isClients(path) ? client : own);
  return {
    readText: path => of(path).readText(path),
    readDirectory: path => of(path).readDirectory(path),
    kindOf: path => of(path).kindOf(path),
    realPath: path => of(path).realPath(path),
    changed: path => of(path).changed?.(path),
  };
}
