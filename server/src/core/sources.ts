// Which parts of a file are YAML that perfdoc reads (spec §1): a whole YAML file, or the
// fenced ```yaml / ```perfdoc blocks of a Markdown design doc. Offsets stay absolute in the
// file, so every position maps straight back into the .md.

export type FileFlavor = 'perf-yaml' | 'yaml' | 'markdown' | 'other';

export interface YamlBlock {
  /** Offset of the block's first character in the file. */
  start: number;
  text: string;
  /** Markdown fence info string (`yaml` or `perfdoc`); undefined for YAML files. */
  fence?: string;
}

export function fileFlavor(path: string): FileFlavor {
  const p = path.toLowerCase();
  if (/\.perf\.ya?ml$/.test(p)) return 'perf-yaml';
  if (/\.ya?ml$/.test(p)) return 'yaml';
  if (/\.(md|markdown)$/.test(p)) return 'markdown';
  return 'other';
}

export function yamlBlocks(path: string, text: string): YamlBlock[] {
  const flavor = fileFlavor(path);
  if (flavor === 'markdown') return markdownFences(text);
  if (flavor === 'other') return [];
  // A UTF-8 byte order mark is not content; keep offsets by starting after it.
  return text.charCodeAt(0) === 0xfeff ? [{ start: 1, text: text.slice(1) }] : [{ start: 0, text }];
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})[ \t]*([^`\s]*)[^\n]*$/;

/** CommonMark fenced code blocks whose info string is `yaml`/`yml` or `perfdoc`. */
export function markdownFences(text: string): YamlBlock[] {
  const blocks: YamlBlock[] = [];
  let pos = 0;
  let open: { marker: string; info: string; contentStart: number } | null = null;
  while (pos <= text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const line = text.slice(pos, eol).replace(/\r$/, '');
    if (!open) {
      const m = FENCE_OPEN.exec(line);
      if (m && !(m[2][0] === '`' && m[3].includes('`'))) {
        open = { marker: m[2], info: m[3].toLowerCase(), contentStart: Math.min(eol + 1, text.length) };
      }
    } else {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (close && close[1][0] === open.marker[0] && close[1].length >= open.marker.length) {
        if (['yaml', 'yml', 'perfdoc'].includes(open.info)) {
          blocks.push({ start: open.contentStart, text: text.slice(open.contentStart, pos), fence: open.info });
        }
        open = null;
      }
    }
    if (eol >= text.length) break;
    pos = eol + 1;
  }
  // An unclosed fence runs to the end of the document (CommonMark); while typing this is common.
  if (open && ['yaml', 'yml', 'perfdoc'].includes(open.info)) {
    blocks.push({ start: open.contentStart, text: text.slice(open.contentStart), fence: open.info });
  }
  return blocks;
}

/** Paths in code-unit order: the same on every machine and locale, and no ICU collator to load. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
