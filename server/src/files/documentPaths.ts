// Where a document lives, as a path the workspace model and the file-access policy work with.
// Each host says how its URIs map: the Node hosts take file: URIs as the file system's own
// paths (nodeDocumentPaths.ts). Every other URI (vscode-vfs: on github.dev, vscode-test-web:,
// vscode-remote: in a browser) becomes a *virtual path*: a first segment that names the
// scheme and authority, then the URI's path. Relative references resolve on it with plain
// path arithmetic, can never leave their scheme and authority (the first segment is a root
// of its own), and the path maps back to the URI the client reads it through. Untitled
// documents have no place: a pseudo-path whose extension follows the language, under which
// nothing resolves. Pure string work: no node: import, so the web build uses it as is.

export interface DocumentPaths {
  /** The path of a document or folder URI; undefined when it names no place (untitled:). */
  placeOf(uri: string): string | undefined;
  /** The path of an open document: its place, or a pseudo-path for one with none. */
  pathOf(uri: string, languageId?: string): string;
  /** The URI of a path (a referenced file the editor has not opened). */
  uriOf(path: string): string;
}

/** The first segment of every virtual path. */
export const VIRTUAL_ROOT = '/~perfdoc-vfs';

const URI = /^([a-zA-Z][\w+.-]*):(?:\/\/([^/?#]*))?([^?#]*)/;

/** Percent-decoding that keeps a malformed escape as written instead of throwing. */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function isVirtualPath(path: string): boolean {
  return path.startsWith(VIRTUAL_ROOT + '/');
}

/** `vscode-vfs://github/o/r/a b.md` → `/~perfdoc-vfs/vscode-vfs%3A%2F%2Fgithub/o/r/a b.md`. */
export function virtualPathOf(uri: string): string | undefined {
  const m = URI.exec(uri);
  if (!m) return undefined;
  const [, scheme, authority = '', path] = m;
  const segments = path
    .split('/')
    .filter(s => s !== '')
    .map(decode);
  return [VIRTUAL_ROOT, encodeURIComponent(`${scheme.toLowerCase()}://${authority}`), ...segments].join('/');
}

/** The URI a virtual path stands for; undefined for any other path. */
export function uriOfVirtualPath(path: string): string | undefined {
  if (!isVirtualPath(path)) return undefined;
  const [origin, ...segments] = path.slice(VIRTUAL_ROOT.length + 1).split('/');
  return `${decode(origin)}/${segments.map(encodeURIComponent).join('/')}`;
}

const UNTITLED_ROOT = '/__untitled__/';

/** A document with no place (untitled:): a pseudo-path whose extension follows the language. */
export function untitledPath(uri: string, languageId?: string): string {
  const ext = languageId === 'markdown' ? '.md' : languageId === 'yaml' ? '.yaml' : '';
  return `${UNTITLED_ROOT}${encodeURIComponent(uri)}${ext}`;
}

/** The URI an untitled document's pseudo-path was made from. */
export function uriOfUntitledPath(path: string): string | undefined {
  if (!path.startsWith(UNTITLED_ROOT)) return undefined;
  return decode(path.slice(UNTITLED_ROOT.length).replace(/\.(md|yaml)$/, ''));
}

/**
 * A host's mapping, given how it maps the URIs its own file system serves (`file:` on Node;
 * none on the web): everything else with a place is a virtual path.
 */
export function documentPaths(own?: {
  placeOf(uri: string): string | undefined;
  uriOf(path: string): string;
}): DocumentPaths {
  const placeOf = (uri: string) =>
    uri.startsWith('untitled:') ? undefined : (own?.placeOf(uri) ?? virtualPathOf(uri));
  return {
    placeOf,
    pathOf: (uri, languageId) => placeOf(uri) ?? untitledPath(uri, languageId),
    uriOf: path => uriOfVirtualPath(path) ?? uriOfUntitledPath(path) ?? own?.uriOf(path) ?? path,
  };
}

/** The web host's mapping: no file system of its own, every placed URI is a virtual path. */
export const webDocumentPaths = documentPaths();
