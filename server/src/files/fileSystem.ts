// The only way perfdoc reaches files: a small interface each host passes in (taplo's
// `Environment`). The CLI and the Node language server pass nodeFileSystem (node:fs); a web
// build passes its own over the client's workspace.fs. Nothing above this layer imports
// node:fs, so what a document can make perfdoc read is decided in one place (fileAccess.ts).
//
// Synchronous on purpose: a reference is followed in the middle of an analysis, which is a
// plain function the editor runs on every edit. A host whose file system is asynchronous (the
// web) answers from the texts it has already loaded, returns `{ error, io: true }` for a file
// not loaded yet, starts loading it, and once it arrives calls the server's
// `Workspace.fileChanged(path)`: the same path as a file changed on disk, which re-analyses
// every open document that references it.

/** A file's text, or why it was not read; `io` when the cause is the file system (exit status 2 in the CLI), not the content. */
export type TextRead = { text: string } | { error: string; io: boolean };

export type EntryKind = 'file' | 'directory' | 'link' | 'other';

export interface DirectoryEntry {
  name: string;
  /** What the entry itself is (a symlink is `link`, not followed). */
  kind: EntryKind;
}

export interface FileSystem {
  /**
   * A regular file as UTF-8 text, at most MAX_FILE_CHARS (core/analyze.ts) characters; a
   * device, a pipe, a binary or an oversized file is an error with a sentence the user can act on.
   * Never blocks on a file that does not end.
   */
  readText(path: string): TextRead;
  /** The entries of a directory, in no particular order. */
  readDirectory(path: string): DirectoryEntry[] | { error: string };
  /** What `path` is, links followed (a PATH given on the command line). */
  kindOf(path: string): Exclude<EntryKind, 'link'> | { error: string };
  /** The path with every symlink resolved, or null when it does not exist. */
  realPath(path: string): string | null;
  /** The file changed outside the server: a file system that keeps texts drops its copy (clientFileSystem.ts). */
  changed?(path: string): void;
}
