// The JSON Schemas of schemas/ and their validators, precompiled at build time
// (scripts/schemaValidators.mjs writes schemaValidators.generated.ts): nothing compiles a
// schema at run time, so the first document is not held up by ajv and no `new Function`
// runs (a web worker's CSP refuses it). Every schemas/*.schema.json is in SCHEMA_ENTRIES.
import type { ErrorObject } from 'ajv';
import { SCHEMA_ENTRIES } from './schemaValidators.generated';

/** An ajv standalone validator: true when `data` is valid, else `errors` says why. */
export interface PrecompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export interface SchemaEntry {
  /** The file name under schemas/, e.g. `latency-budget.schema.json`. */
  file: string;
  /** The document kind its `properties.kind.const` names; undefined for a schema of no one kind. */
  kind: string | undefined;
  /** The schema as written, with its titles and descriptions (hovers and completion read them). */
  schema: Record<string, unknown>;
  validate: PrecompiledValidator;
}

export { SCHEMA_ENTRIES };

/** The schema file that describes `kind`, if any. */
export function schemaEntryOfKind(kind: string): SchemaEntry | undefined {
  return SCHEMA_ENTRIES.find(e => e.kind === kind);
}
