// The default references root (issue 16, item 6): the nearest folder above the checked paths
// that holds `.git` or `.perfdoc.yaml`, else their common parent. The result must not depend
// on the current directory: `perfdoc check examples` from the repository and
// `perfdoc check /repo/examples` from /tmp judge the same references the same way.
import * as nodePath from 'node:path';
import { CONFIG_FILE_NAME } from '../core/config';
import { FileSystem } from '../files/fileSystem';

const ROOT_MARKERS = ['.git', CONFIG_FILE_NAME];

export function defaultReferenceRoot(paths: readonly string[], fileSystem: FileSystem): string {
  const folders = paths.map(p => {
    const abs = nodePath.resolve(p);
    return fileSystem.kindOf(abs) === 'directory' ? abs : nodePath.dirname(abs);
  });
  const common = commonParent(folders);
  for (let dir = common; ; dir = nodePath.dirname(dir)) {
    // Any entry counts: `.git` is a file in a linked worktree or a submodule.
    if (ROOT_MARKERS.some(m => fileSystem.realPath(nodePath.join(dir, m)) !== null)) return dir;
    if (nodePath.dirname(dir) === dir) return common;
  }
}

function commonParent(folders: readonly string[]): string {
  const split = (p: string) => p.split(nodePath.sep).filter((s, i) => s || i === 0);
  let common = split(folders[0]);
  for (const f of folders.slice(1)) {
    const parts = split(f);
    let n = 0;
    while (n < common.length && n < parts.length && common[n] === parts[n]) n++;
    common = common.slice(0, n);
  }
  return common.join(nodePath.sep) || nodePath.sep;
}
