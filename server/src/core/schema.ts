// JSON Schema validation (PD002): each kind's validator is precompiled at build time (see
// schemaRegistry.ts), and every error is mapped onto the YAML node it is about, with a
// message for people.
import type { ErrorObject } from 'ajv';
import { PrecompiledValidator, schemaEntryOfKind } from './schemaRegistry';
import { DOCUMENT_KINDS, DocumentKind } from './types';
import { PNode, mapPair, scalarText, toPlain } from './yamlTree';

function entryOf(kind: DocumentKind) {
  const entry = schemaEntryOfKind(kind);
  // test/unit/schema-validators.test.ts holds every kind to a schema file; this is a build without one.
  if (!entry) throw new Error(`no schemas/*.schema.json has kind "${kind}"`);
  return entry;
}

/** Each kind's schema as written (titles, descriptions, examples), for hovers and completion. */
export const SCHEMAS = Object.fromEntries(DOCUMENT_KINDS.map(k => [k, entryOf(k).schema])) as Record<
  DocumentKind,
  Record<string, unknown>
>;

function validatorFor(kind: DocumentKind): PrecompiledValidator {
  return entryOf(kind).validate;
}

export interface SchemaProblem {
  message: string;
  start: number;
  end: number;
  path: string;
}

export function validateSchema(kind: DocumentKind, root: PNode): SchemaProblem[] {
  const validate = validatorFor(kind);
  if (validate(toPlain(root))) return [];
  const errors = (validate.errors ?? []).filter(
    e => !['if', 'oneOf', 'anyOf', 'allOf', 'then', 'else'].includes(e.keyword),
  );
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const [i, e] of errors.entries()) {
    if (problems.length === MAX_SCHEMA_PROBLEMS) {
      // Thousands of squiggles help nobody, and mapping each onto the tree costs time.
      // ajv often reports one mistake several times (a segment, then its leaf form): count places and messages.
      const said = new Set(errors.slice(0, i).map(x => `${x.instancePath} ${x.message}`));
      const more = new Set(
        errors
          .slice(i)
          .map(x => `${x.instancePath} ${x.message}`)
          .filter(k => !said.has(k)),
      ).size;
      problems.push({
        path: '',
        message: `${more.toLocaleString('en-US')} more schema problems not listed; fix the ones above first`,
        ...firstLineOf(root),
      });
      break;
    }
    const p = toProblem(e, root);
    const id = `${p.start}:${p.end}:${p.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      problems.push(p);
    }
  }
  return problems;
}

/** Schema problems listed per document. */
export const MAX_SCHEMA_PROBLEMS = 200;

function segmentsOf(instancePath: string): string[] {
  return instancePath
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Walks the YAML tree along a JSON pointer; returns the deepest node reached. */
function nodeAt(root: PNode, segments: string[]): { node: PNode; keyRange?: { start: number; end: number } } {
  let node = root;
  let keyRange: { start: number; end: number } | undefined;
  for (const seg of segments) {
    if (node.type === 'map') {
      const pair = mapPair(node, seg);
      if (!pair || !pair.value) return { node, keyRange: pair ? { start: pair.keyStart, end: pair.keyEnd } : keyRange };
      keyRange = { start: pair.keyStart, end: pair.keyEnd };
      node = pair.value;
    } else if (node.type === 'seq') {
      const item = node.items[Number(seg)];
      if (!item) return { node, keyRange };
      node = item;
      keyRange = undefined;
    } else break;
  }
  return { node, keyRange };
}

/** `segments[2].budget` rather than `/segments/2/budget`. */
function readablePath(segments: string[]): string {
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : (i ? '.' : '') + s)).join('') || 'document';
}

function toProblem(e: ErrorObject, root: PNode): SchemaProblem {
  const segs = segmentsOf(e.instancePath);
  const path = readablePath(segs);
  const { node, keyRange } = nodeAt(root, segs);
  const whole = { start: node.start, end: node.end };
  const at = node.type === 'scalar' ? whole : (keyRange ?? firstLineOf(node));
  switch (e.keyword) {
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return { path, message: `${path} is missing required key "${missing}"`, ...(keyRange ?? firstLineOf(node)) };
    }
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const pair = node.type === 'map' ? mapPair(node, extra) : undefined;
      const allowed = allowedKeys(e);
      const hint = suggest(extra, allowed);
      return {
        path,
        message: `unknown key "${extra}" in ${path}${hint ? `: did you mean "${hint}"?` : allowed.length ? ` (expected one of: ${allowed.join(', ')})` : ''}`,
        ...(pair ? { start: pair.keyStart, end: pair.keyEnd } : at),
      };
    }
    case 'type':
      return {
        path,
        message: `${path} must be ${article((e.params as { type: string | string[] }).type)}, got ${describe(node)}`,
        ...at,
      };
    case 'enum':
      return {
        path,
        message: `${path} must be one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`,
        ...at,
      };
    case 'const':
      return {
        path,
        message: `${path} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`,
        ...at,
      };
    default:
      return { path, message: `${path} ${e.message ?? 'is invalid'}`, ...at };
  }
}

function firstLineOf(node: PNode): { start: number; end: number } {
  if (node.type === 'map' && node.pairs.length) return { start: node.pairs[0].keyStart, end: node.pairs[0].keyEnd };
  return { start: node.start, end: Math.min(node.end, node.start + 1) };
}

function allowedKeys(e: ErrorObject): string[] {
  const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}

function article(type: string | string[]): string {
  const names = (Array.isArray(type) ? type : [type]).map(
    t =>
      ({
        object: 'a mapping',
        array: 'a list',
        string: 'a string',
        number: 'a number',
        integer: 'a whole number',
        boolean: 'true or false',
        null: 'empty',
      })[t] ?? t,
  );
  return names.join(' or ');
}

function describe(node: PNode): string {
  if (node.type === 'map') return 'a mapping';
  if (node.type === 'seq') return 'a list';
  const v = node.value;
  return v === null ? 'nothing' : typeof v === 'string' ? `"${v}"` : scalarText(v);
}

/** The allowed key closest to a typo (edit distance ≤ 2, any case), if any: schema keys and .perfdoc.yaml keys. */
export function suggest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined,
    bestD = 3;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
