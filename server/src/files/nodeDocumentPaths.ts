// The Node hosts' document paths: file: URIs are the file system's own paths; any other
// scheme (a virtual workspace on the desktop) is a virtual path read through the client.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { documentPaths } from './documentPaths';

export const nodeDocumentPaths = documentPaths({
  placeOf(uri) {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined; // file://host/share on POSIX: no local path
    }
  },
  uriOf: path => pathToFileURL(path).toString(),
});
