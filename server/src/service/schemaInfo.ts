// What the JSON Schemas allow at a key path: the keys of a mapping, the values of a key, and
// their titles and descriptions. Completion reads the schemas through this module so that
// the editor offers exactly what validation (PD002) accepts. It understands the few
// constructs the perfdoc schemas use: local `$ref` into `$defs` (sibling keywords such as
// `title` win over the target's), `properties`, `items`, `enum`/`const`, `type`, and
// `if/then/else` (a segment is a leaf or a parallel group; `units` a count or a range).
import { DOCUMENT_KINDS, DocumentKind } from '../core/types';
import { SCHEMAS } from '../core/schema';

type JsonSchema = Record<string, unknown>;

/** Keys of mappings and list items (any number) from the document root, as in `['segments', 0, 'budget']`. */
export type KeyPath = readonly (string | number)[];

/** The quantity types of spec §2 that take a unit. */
export type QuantityType = 'duration' | 'rate' | 'ratio';

export interface KeyInfo {
  key: string;
  title?: string;
  description?: string;
  /** The value is a mapping or a list (written on the lines below the key). */
  collection: boolean;
}

export interface ValueInfo {
  title?: string;
  description?: string;
  /** Allowed values (enum, const or booleans), each with its own description when the schema gives one. */
  values: { value: string; description?: string }[];
  quantity?: QuantityType;
}

/** What the instance at a path looks like so far: decides `if/then/else` branches. */
interface InstanceShape {
  object: boolean;
  keys: ReadonlySet<string>;
}

const asSchema = (v: unknown): JsonSchema | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonSchema) : undefined;
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Follows local `$ref`s; keywords next to a `$ref` override the referenced schema's. */
function resolve(node: JsonSchema, root: JsonSchema): JsonSchema {
  let out = node;
  for (let hops = 0; typeof out.$ref === 'string' && hops < 16; hops++) {
    const { $ref, ...siblings } = out;
    const target = asSchema(
      ($ref as string)
        .replace(/^#\//, '')
        .split('/')
        .reduce<unknown>((n, seg) => asSchema(n)?.[seg], root),
    );
    if (!target) return siblings;
    out = { ...target, ...siblings };
  }
  return out;
}

/** The `$defs` name a property refers to, when it is one of the quantity types. */
function quantityOf(node: JsonSchema): QuantityType | undefined {
  const m = /\/\$defs\/(duration|rate|ratio)$/.exec(text(node.$ref) ?? '');
  return m ? (m[1] as QuantityType) : undefined;
}

/**
 * The branches of a conditional that may apply. A condition that cannot be decided yet
 * (the keys that would decide it are not typed) keeps both branches, unless a key already
 * present belongs only to the `else` branch.
 */
function branches(node: JsonSchema, root: JsonSchema, shape: InstanceShape): JsonSchema[] {
  const condition = asSchema(node.if);
  if (!condition) return [node];
  const then = asSchema(node.then) ? resolve(node.then as JsonSchema, root) : undefined;
  const otherwise = asSchema(node.else) ? resolve(node.else as JsonSchema, root) : undefined;
  const pick = (b: JsonSchema | undefined) => (b ? branches(b, root, shape) : []);
  if (condition.type === 'object' && !shape.object) return pick(otherwise);
  const required = Array.isArray(condition.required) ? (condition.required as string[]) : [];
  if (required.every(k => shape.keys.has(k))) return pick(then);
  const thenKeys = new Set(Object.keys(asSchema(then?.properties) ?? {}));
  if ([...shape.keys].some(k => !thenKeys.has(k))) return pick(otherwise);
  return [...pick(then), ...pick(otherwise)];
}

/**
 * The schemas of the node at `path` (several while a conditional is undecided).
 * `lastKeys` are the keys of the mapping at `path`, when it is one.
 */
function schemasAt(kind: DocumentKind, path: KeyPath, lastKeys?: ReadonlySet<string>): JsonSchema[] {
  const root = SCHEMAS[kind];
  let nodes = [root];
  for (const step of path) {
    const shape: InstanceShape =
      typeof step === 'string' ? { object: true, keys: new Set([step]) } : { object: false, keys: new Set() };
    nodes = nodes
      .flatMap(n => branches(n, root, shape))
      .flatMap(b => {
        const child = typeof step === 'string' ? asSchema(asSchema(b.properties)?.[step]) : asSchema(b.items);
        return child ? [resolve(child, root)] : [];
      });
  }
  return lastKeys ? nodes.flatMap(n => branches(n, root, { object: true, keys: lastKeys })) : nodes;
}

function isCollection(node: JsonSchema): boolean {
  return node.type === 'object' || node.type === 'array';
}

/** Whether the value at `path` is a list (its items' keys then need a dash). */
export function isListAt(kind: DocumentKind | null, path: KeyPath): boolean {
  return !!kind && path.length > 0 && schemasAt(kind, path).some(n => n.type === 'array');
}

/** What `kind:` says, per kind, taken from each kind's schema. */
function kindDescriptions(): { value: string; description?: string }[] {
  return DOCUMENT_KINDS.map(k => ({
    value: k,
    description: text(asSchema(asSchema(SCHEMAS[k].properties)?.kind)?.description),
  }));
}

/** The keys a mapping at `path` may hold (`present`: its keys so far, which decide conditionals). */
export function keysAt(kind: DocumentKind | null, path: KeyPath, present: ReadonlySet<string>): KeyInfo[] {
  if (!kind) {
    // Until `kind:` is known only the identifying keys apply, and only at the top.
    if (path.length) return [];
    const common = asSchema(SCHEMAS.LatencyBudget.properties)!;
    return ['apiVersion', 'kind'].map(key => ({
      key,
      title: text(asSchema(common[key])?.title),
      collection: false,
      description:
        key === 'kind'
          ? kindDescriptions()
              .map(d => d.description)
              .join('\n\n')
          : text(asSchema(common[key])?.description),
    }));
  }
  const seen = new Map<string, KeyInfo>();
  const root = SCHEMAS[kind];
  for (const node of schemasAt(kind, path, present)) {
    for (const [key, raw] of Object.entries(asSchema(node.properties) ?? {})) {
      if (seen.has(key)) continue;
      const property = resolve(asSchema(raw) ?? {}, root);
      seen.set(key, {
        key,
        title: text(property.title),
        description: text(property.description),
        collection: isCollection(property),
      });
    }
  }
  return [...seen.values()];
}

/**
 * Per-value descriptions from a description that lists them as "`warm` does …; `cold` …";
 * used only when every value has its own clause, otherwise the whole text serves all.
 */
function perValue(description: string | undefined, values: string[]): { value: string; description?: string }[] {
  const clauses = new Map<string, string>();
  for (const clause of (description ?? '').split(/(?:;|\.)\s+(?=`)/)) {
    const m = /^`([^`]+)`/.exec(clause);
    if (m && !clauses.has(m[1])) clauses.set(m[1], clause.trim());
  }
  const own = values.every(v => clauses.has(v));
  return values.map(value => ({ value, description: own ? clauses.get(value) : description }));
}

/** What the value of the key at `path` may be (`siblings`: keys of the mapping holding it). */
export function valueAt(
  kind: DocumentKind | null,
  path: KeyPath,
  siblings: ReadonlySet<string>,
): ValueInfo | undefined {
  const key = path[path.length - 1];
  if (path.length === 1 && key === 'kind') {
    return { title: 'Kind', description: 'Which model this document is.', values: kindDescriptions() };
  }
  if (path.length === 1 && key === 'apiVersion') {
    const api = asSchema(asSchema(SCHEMAS.LatencyBudget.properties)?.apiVersion);
    return {
      title: text(api?.title),
      description: text(api?.description),
      values: [{ value: 'perfdoc/v1', description: text(api?.description) }],
    };
  }
  if (!kind || typeof key !== 'string') return undefined;
  const root = SCHEMAS[kind];
  for (const parent of schemasAt(kind, path.slice(0, -1), new Set([...siblings, key]))) {
    const written = asSchema(asSchema(parent.properties)?.[key]);
    if (!written) continue;
    const property = resolve(written, root);
    // A scalar is being typed: the branch for non-mappings holds its enum or type.
    const scalar = branches(property, root, { object: false, keys: new Set() })[0] ?? property;
    const values: string[] = Array.isArray(scalar.enum)
      ? scalar.enum.map(String)
      : scalar.const !== undefined
        ? [String(scalar.const)]
        : scalar.type === 'boolean'
          ? ['true', 'false']
          : [];
    const description = text(property.description);
    return {
      title: text(property.title),
      description,
      values: perValue(description, values),
      quantity: quantityOf(written),
    };
  }
  return undefined;
}
