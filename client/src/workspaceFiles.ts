// The editor's half of `perfdoc/readFile` (shared/protocol.ts): a file a server without a file
// system of its own asked for (the web worker; virtual workspaces on the desktop), read with
// `workspace.fs`. The same policy as the server's (server/src/files/fileAccess.ts): only inside
// a workspace folder (with no folder open, the folders of the open documents), only a file of
// at most `maxBytes`, only UTF-8 text, and never a URL: http(s) is not a workspace.
import * as vscode from 'vscode';
import type { ReadFileResult } from '../../shared/protocol';

/** A URL is never read, whatever a document says. */
const WEB_SCHEME = /^https?$/i;

/** Whether `uri` is in `folder` (same scheme and authority, below its path). */
function inFolder(folder: vscode.Uri, uri: vscode.Uri): boolean {
  const base = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
  return folder.scheme === uri.scheme && folder.authority === uri.authority && uri.path.startsWith(base);
}

function allowedFolders(): vscode.Uri[] {
  const folders = vscode.workspace.workspaceFolders;
  if (folders?.length) return folders.map(f => f.uri);
  return vscode.workspace.textDocuments.filter(d => !d.isUntitled).map(d => vscode.Uri.joinPath(d.uri, '..'));
}

export async function readWorkspaceFile(uri: vscode.Uri, maxBytes: number): Promise<ReadFileResult> {
  if (WEB_SCHEME.test(uri.scheme) || !allowedFolders().some(f => inFolder(f, uri)))
    return { error: 'is outside the workspace folders and is not read', io: false };
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) return { error: 'is a directory', io: true };
    if (stat.size > maxBytes)
      return {
        error: `file is ${(stat.size / 1024 / 1024).toFixed(0)} MB; perfdoc reads files up to ${maxBytes / 4 / 1024 / 1024} M characters`,
        io: false,
      };
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (bytes.subarray(0, 8000).includes(0))
      return { error: 'binary file (contains NUL bytes), not YAML or Markdown text', io: false };
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      return { error: 'not valid UTF-8 text: perfdoc reads UTF-8 files', io: false };
    }
  } catch (e) {
    const code = (e as vscode.FileSystemError).code;
    return {
      error:
        code === 'FileNotFound'
          ? 'no such file or directory'
          : code === 'NoPermissions'
            ? 'permission denied'
            : String((e as Error).message ?? e),
      io: true,
    };
  }
}
