// `.perfdoc.yaml` (FORMAT.md §13) parsed in the core: each threshold read with its unit and
// range, every problem a finding at its place (never a value dropped silently), the file's
// JSON Schema (editor validation and completion) agreeing with the parser and with the
// editor settings' bounds, and the thresholds changing what the rules report.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { CONFIGURABLE_SETTINGS, parseConfig, withConfig } from '../../server/src/core/config';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import { analyze, assertNo, capacityModel, single } from '../fixtures/documents';

const ROOT = path.resolve(__dirname, '../../..');
const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/perfdoc-config.schema.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** The one finding of a config text, with the text it covers. */
function problem(text: string): { code: string; message: string; at: string } {
  const { findings, overrides } = parseConfig(text);
  assert.equal(findings.length, 1, JSON.stringify(findings));
  assert.deepEqual(overrides, {}, 'a file with a problem sets nothing');
  const [f] = findings;
  return { code: f.code, message: f.message, at: text.slice(f.start, f.end) };
}

describe('core .perfdoc.yaml (spec §13)', () => {
  it('reads every threshold: percents, a ratio as a fraction or a percentage, a duration with a unit', () => {
    const { overrides, findings } = parseConfig(
      [
        'minBufferPercent: 10',
        'defaultMaxUtilization: 60%',
        'utilizationWarnPercent: 75',
        'connectionsWarnPercent: 70%',
        'quotaWarnPercent: 90',
        'soakMinDuration: 4h',
        'x-owner: platform-team',
      ].join('\n'),
    );
    assert.deepEqual(findings, []);
    assert.deepEqual(overrides, {
      minBufferPercent: 10,
      defaultMaxUtilization: 0.6,
      utilizationWarnPercent: 75,
      connectionsWarnPercent: 70,
      quotaWarnPercent: 90,
      soakMinDurationMs: 4 * 3_600_000,
    });
    assert.equal(parseConfig('defaultMaxUtilization: 0.5').overrides.defaultMaxUtilization, 0.5);
  });

  it('an empty file (or comments only) sets nothing and is fine', () => {
    assert.deepEqual(parseConfig(''), { overrides: {}, findings: [] });
    assert.deepEqual(parseConfig('# thresholds agreed in the launch review\n'), { overrides: {}, findings: [] });
  });

  it('the file sets only what it names; the rest comes from the editor settings (or the defaults)', () => {
    const editor = { ...DEFAULT_SETTINGS, quotaWarnPercent: 60, utilizationWarnPercent: 70 };
    assert.deepEqual(withConfig(editor, parseConfig('utilizationWarnPercent: 90')), {
      ...editor,
      utilizationWarnPercent: 90,
    });
  });

  describe('problems, each at its place', () => {
    it('an unknown key, with the key it probably meant', () => {
      const p = problem('utilisationWarnPercent: 80\n');
      assert.equal(p.code, 'PD002');
      assert.equal(p.at, 'utilisationWarnPercent');
      assert.match(p.message, /unknown key "utilisationWarnPercent"/);
      assert.match(problem('connections_warn_percent: 80').message, /did you mean connectionsWarnPercent\?/);
    });

    it('a value out of range: a 0% warning fires on everything, one above 100% never', () => {
      const p = problem('quotaWarnPercent: 120');
      assert.deepEqual([p.code, p.at], ['PD002', '120']);
      assert.match(p.message, /120% is outside 1\.\.100% \(CM005\)/);
      assert.match(problem('defaultMaxUtilization: 1.5').message, /defaultMaxUtilization: .*1\.5 is outside/);
      assert.match(problem('soakMinDuration: 30s').message, /outside 1 min\.\.240 h/);
    });

    it('a duration without a unit is PD003, like in a document', () => {
      const p = problem('soakMinDuration: 120');
      assert.deepEqual([p.code, p.at], ['PD003', '120']);
      assert.match(p.message, /has no unit/);
    });

    it('a wrong type, a missing value', () => {
      assert.match(problem('utilizationWarnPercent: high').message, /expected a number of percent, got "high"/);
      assert.match(problem('utilizationWarnPercent: [80]').message, /needs a value/);
      const empty = problem('utilizationWarnPercent:\n');
      assert.equal(empty.at, 'utilizationWarnPercent');
    });

    it('not a mapping, two documents, a syntax error', () => {
      assert.match(problem('- utilizationWarnPercent: 80').message, /must be a mapping/);
      assert.match(problem('quotaWarnPercent: 80\n---\nquotaWarnPercent: 70\n').message, /one YAML document/);
      assert.equal(problem('quotaWarnPercent: [80\n').code, 'PD001');
    });

    it('hostile input: an alias bomb and absurd nesting are refused with a finding, quickly', () => {
      const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 12; i++)
        bomb.push(
          `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(96 + i)}`)
            .join(', ')}]`,
        );
      const started = Date.now();
      assert.ok(parseConfig(bomb.join('\n')).findings.some(f => f.code === 'PD006'));
      assert.ok(parseConfig('x: ' + '['.repeat(5000)).findings.length > 0);
      assert.ok(Date.now() - started < 2000);
    });
  });

  describe('schemas/perfdoc-config.schema.json (editor validation and completion)', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    const validate = ajv.compile(schema);

    it('names exactly the configurable thresholds, with the parser bounds and the editor settings defaults', () => {
      assert.deepEqual(Object.keys(schema.properties).sort(), CONFIGURABLE_SETTINGS.map(s => s.name).sort());
      for (const s of CONFIGURABLE_SETTINGS) {
        const setting = manifest.contributes.configuration.properties[`perfdoc.${s.name}`];
        assert.deepEqual(schema.properties[s.name].default, setting.default, s.name);
        if (s.form === 'duration') continue;
        assert.equal(schema.properties[s.name].minimum, s.min, s.name);
        assert.equal(schema.properties[s.name].maximum, s.max, s.name);
        assert.equal(setting.minimum, s.min, `perfdoc.${s.name} minimum`);
        assert.equal(setting.maximum, s.max, `perfdoc.${s.name} maximum`);
      }
    });

    it('is contributed for .perfdoc.yaml', () => {
      const entry = manifest.contributes.yamlValidation.find((v: { fileMatch: string[] }) =>
        v.fileMatch.includes('.perfdoc.yaml'),
      );
      assert.equal(entry.url, './schemas/perfdoc-config.schema.json');
    });

    // Files the parser accepts pass the schema, and the schema rejects what the parser reports.
    const accepted = ['utilizationWarnPercent: 80', 'defaultMaxUtilization: 70%', 'soakMinDuration: 90min', 'x-a: 1'];
    const rejected = ['utilizationWarnPercent: 0', 'quotaWarnPercent: 101', 'unknownKey: 1', 'soakMinDuration: 120'];
    for (const text of accepted)
      it(`accepts ${text} (as the parser does)`, () => {
        assert.deepEqual(parseConfig(text).findings, []);
        assert.ok(validate(parse(text)), JSON.stringify(validate.errors));
      });
    for (const text of rejected)
      it(`rejects ${text} (as the parser does)`, () => {
        assert.equal(parseConfig(text).findings.length, 1);
        assert.ok(!validate(parse(text)));
      });
  });

  it('the thresholds change what the rules report: utilizationWarnPercent 40 makes a tier at 41.7% a CM006 warning', () => {
    // 1,000 rps on 12 units of 200 rps: 1,000 / 2,400 = 41.7% at peak (12 ≥ the 11 units needed at 70%).
    const doc = capacityModel(
      '{ peakRps: 1000, latency: 100ms }',
      '{ safetyFactor: 1.5 }',
      'tiers:',
      '  - { name: api, unitRps: 200, units: 12, zones: 3 }',
    );
    assertNo(analyze(doc), 'CM006');
    const settings = withConfig(DEFAULT_SETTINGS, parseConfig('utilizationWarnPercent: 40'));
    assert.equal(single(analyze(doc, undefined, { settings }), 'CM006').severity, 'warning');
  });
});
