// The precompiled JSON Schema validators (scripts/schemaValidators.mjs, written by the build
// into server/src/core/schemaValidators.generated.ts): the module on disk is the one the
// schemas give today, every schema file and every document kind is in it, it judges documents
// exactly as the schemas as written do, and no bundle compiles a schema at run time.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import { parseAllDocuments } from 'yaml';
import { SCHEMA_ENTRIES, schemaEntryOfKind } from '../../server/src/core/schemaRegistry';
import { DOCUMENT_KINDS } from '../../server/src/core/types';

const ROOT = path.resolve(__dirname, '../../..');

interface Generator {
  GENERATED_MODULE: string;
  generateValidators(root: string): string;
}

describe('precompiled schema validators', () => {
  let generator: Generator;
  before(async () => {
    generator = (await import(pathToFileURL(path.join(ROOT, 'scripts/schemaValidators.mjs')).href)) as Generator;
  });

  it('the generated module is the one schemas/*.schema.json give now (run node scripts/build.mjs when this fails)', () => {
    const onDisk = readFileSync(path.join(ROOT, generator.GENERATED_MODULE), 'utf8');
    assert.ok(onDisk === generator.generateValidators(ROOT), `${generator.GENERATED_MODULE} is stale`);
  });

  it('has one entry per schema file, and every document kind has its schema', () => {
    const files = readdirSync(path.join(ROOT, 'schemas'))
      .filter(f => f.endsWith('.schema.json'))
      .sort();
    assert.deepEqual(
      SCHEMA_ENTRIES.map(e => e.file),
      files,
    );
    for (const kind of DOCUMENT_KINDS) {
      const entry = schemaEntryOfKind(kind);
      assert.ok(entry, `no schema for ${kind}`);
      assert.equal((entry.schema.properties as { kind: { const: string } }).kind.const, kind);
    }
  });

  it('the entries carry the schemas as written (hovers read their descriptions)', () => {
    for (const e of SCHEMA_ENTRIES)
      assert.deepEqual(e.schema, JSON.parse(readFileSync(path.join(ROOT, 'schemas', e.file), 'utf8')), e.file);
  });

  // The generator inlines local $refs and drops annotations; neither may change a verdict.
  // Every kind's validator against ajv compiling the schema as written, at test time, on the
  // examples and on documents broken in the ways people break them.
  describe('judges as the schemas as written do', () => {
    const kindEntries = SCHEMA_ENTRIES.filter(e => e.kind !== undefined);
    const examples = readdirSync(path.join(ROOT, 'examples'), { recursive: true, encoding: 'utf8' })
      .filter(f => f.endsWith('.perf.yaml'))
      .flatMap(f =>
        parseAllDocuments(readFileSync(path.join(ROOT, 'examples', f), 'utf8'))
          .filter(d => !('empty' in d) && d.errors.length === 0)
          .map(d => d.toJS() as Record<string, unknown>),
      );
    const broken = (doc: Record<string, unknown>): unknown[] => [
      { ...doc, extraKey: 1 },
      { ...doc, name: 42 },
      { ...doc, name: '' },
      Object.fromEntries(Object.entries(doc).filter(([k]) => k !== 'name')),
      Object.fromEntries(
        Object.entries(doc).map(([k, v]) => [k, Array.isArray(v) ? [1, 'x', null, { nope: true }] : v]),
      ),
      Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, v && typeof v === 'object' ? 'text' : v])),
      [],
      'LatencyBudget',
    ];
    const verdict = (valid: boolean, errors: ErrorObject[] | null | undefined) => ({
      valid,
      errors: (errors ?? []).map(e => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`).sort(),
    });

    for (const entry of kindEntries) {
      it(`${entry.kind}: the same verdicts and errors on its examples and broken copies of them`, () => {
        const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
        const asWritten = ajv.compile(entry.schema);
        const docs = examples.filter(d => d.kind === entry.kind);
        assert.ok(docs.length > 0, `examples/ has a ${entry.kind}`);
        let invalid = 0;
        for (const doc of [...docs, ...docs.flatMap(broken)]) {
          const expected = verdict(asWritten(doc), asWritten.errors);
          const actual = verdict(entry.validate(doc), entry.validate.errors);
          assert.deepEqual(actual, expected, JSON.stringify(doc).slice(0, 200));
          if (!expected.valid) invalid++;
        }
        assert.ok(invalid >= docs.length * 5, 'the broken copies are broken');
      });
    }
  });

  it('no bundle carries the schema compiler or evaluates generated code', () => {
    for (const bundle of ['dist/cli.js', 'dist/server.js']) {
      const text = readFileSync(path.join(ROOT, bundle), 'utf8');
      assert.doesNotMatch(text, /new Function\s*\(|\beval\s*\(/, bundle);
      // Strings only ajv's compiler has (its code generator and its strict-mode messages).
      assert.doesNotMatch(text, /strictTypes|_CodeOrName|unknown keyword/, bundle);
    }
  });
});
