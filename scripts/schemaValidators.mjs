// Precompiles every schemas/*.schema.json into one TypeScript module of ajv standalone
// validators (server/src/core/schemaValidators.generated.ts), so nothing compiles a schema at
// run time: no ajv compiler in the bundles (~130 KB minified), no ~80 ms compile on the first
// document of every process, and no `new Function`, which the web worker's CSP refuses.
// scripts/build.mjs writes the module before bundling; test/unit/schema-validators.test.ts
// regenerates it and fails when the file on disk is stale. A schema file added to schemas/ is
// picked up here with no other change: its validator is registered under the `kind` its
// `properties.kind.const` names (if any) and under its file name.
import Ajv2020 from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const GENERATED_MODULE = 'server/src/core/schemaValidators.generated.ts';
const SCHEMAS_DIR = 'schemas';
/** The base of the kind schemas' $ids: a schema without an $id (perfdoc.schema.json) gets its file name under it, so its relative `$ref`s resolve. */
const BASE_ID = 'https://perfdoc.dev/schemas/v1/';

/** Keywords whose value maps names to schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
/** Keywords whose value is a schema or a list of schemas. */
const SUBSCHEMAS = new Set([
  'items',
  'prefixItems',
  'additionalItems',
  'contains',
  'additionalProperties',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
]);
/** Annotations: they do not change what validates, and hovers read them from the full schema, not from here. */
const ANNOTATIONS = new Set(['title', 'description', 'markdownDescription', 'examples', '$comment', 'default']);

/** Walks a schema, mapping every subschema (never a data value such as an `enum` or a property *named* `description`). */
function mapSchema(schema, fn) {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (SCHEMA_MAPS.has(k) && v && typeof v === 'object')
      out[k] = Object.fromEntries(Object.entries(v).map(([n, s]) => [n, mapSchema(s, fn)]));
    else if (SUBSCHEMAS.has(k)) out[k] = Array.isArray(v) ? v.map(s => mapSchema(s, fn)) : mapSchema(v, fn);
    else out[k] = v;
  }
  return fn(out);
}

const withoutAnnotations = schema =>
  mapSchema(schema, s => Object.fromEntries(Object.entries(s).filter(([k]) => !ANNOTATIONS.has(k))));

/** Keywords whose values are data, not schemas: nothing in them is a `$ref`. */
const DATA_KEYWORDS = new Set(['examples', 'default', 'const', 'enum']);

/**
 * The schema with each local `#/$defs/` reference replaced by the definition it names (under
 * `allOf`), so ajv generates one function per kind. A `$ref` compiles to a call whose errors
 * are concatenated onto all earlier ones: quadratic in the error count, 10,000 segments that
 * are not mappings took 20 s to validate. A definition that refers to itself stays a `$ref`.
 */
function inlineRefs(schema) {
  const defs = schema.$defs ?? {};
  const inline = (node, within) => {
    if (Array.isArray(node)) return node.map(n => inline(n, within));
    if (!node || typeof node !== 'object') return node;
    const { $ref, ...rest } = node;
    const out = {};
    for (const [k, v] of Object.entries(rest)) out[k] = DATA_KEYWORDS.has(k) ? v : inline(v, within);
    const name = typeof $ref === 'string' && $ref.startsWith('#/$defs/') ? $ref.slice('#/$defs/'.length) : undefined;
    if (name === undefined || !defs[name] || within.includes(name)) return $ref === undefined ? out : { $ref, ...out };
    return { ...out, allOf: [...(out.allOf ?? []), inline(defs[name], [...within, name])] };
  };
  const { $defs: _inlinedDefs, ...inlined } = inline(schema, []);
  // The definitions as written are kept only for the self-references that stay `$ref`s.
  return JSON.stringify(inlined).includes('"#/$defs/') ? { ...inlined, $defs: schema.$defs } : inlined;
}

/** `latency-budget.schema.json` → `latencyBudget`. */
const exportName = file => file.replace(/\.schema\.json$/, '').replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());

/** The schema files, in name order. */
export function schemaFiles(root = '.') {
  return readdirSync(join(root, SCHEMAS_DIR))
    .filter(f => f.endsWith('.schema.json'))
    .sort();
}

/** The generated module's text for the schemas under `root`. */
export function generateValidators(root = '.') {
  const ajv = new Ajv2020.default({
    allErrors: true,
    strict: true,
    allowUnionTypes: true,
    // Errors carry their parentSchema, whose properties name the keys a typo may have meant.
    verbose: true,
    // test/unit/manifest.test.ts checks the schemas against the 2020-12 meta-schema.
    validateSchema: false,
    // The local references are inlined above; a reference to another file (perfdoc.schema.json's
    // per-kind `then`) stays a call to that file's validator instead of a second copy of it.
    inlineRefs: false,
    code: { source: true, esm: true },
  });
  const entries = schemaFiles(root).map(file => {
    const schema = JSON.parse(readFileSync(join(root, SCHEMAS_DIR, file), 'utf8'));
    const id = schema.$id ?? new URL(file, BASE_ID).href;
    const kind = schema.properties?.kind?.const;
    ajv.addSchema({ ...withoutAnnotations(inlineRefs(schema)), $id: id });
    return { file, id, name: exportName(file), kind: typeof kind === 'string' ? kind : undefined };
  });
  const code = standaloneCode.default(ajv, Object.fromEntries(entries.map(e => [e.name, e.id])));
  const imports = entries.map(e => `import ${e.name}Schema from '../../../${SCHEMAS_DIR}/${e.file}';`);
  const registry = entries.map(
    e =>
      `  { file: ${JSON.stringify(e.file)}, kind: ${e.kind === undefined ? 'undefined' : JSON.stringify(e.kind)}, schema: ${e.name}Schema, validate: ${e.name} },`,
  );
  return [
    '// Generated by scripts/schemaValidators.mjs from schemas/*.schema.json (node scripts/build.mjs): do not edit.',
    '// ajv standalone validators, one per schema file, with the full schemas beside them for hovers and completion.',
    '/* eslint-disable */',
    '// @ts-nocheck',
    "import type { SchemaEntry } from './schemaRegistry';",
    ...imports,
    code.replace(/^"use strict";/, ''),
    'export const SCHEMA_ENTRIES: readonly SchemaEntry[] = [',
    ...registry,
    '];',
    '',
  ].join('\n');
}
