// The workspace configuration `.perfdoc.yaml` (FORMAT.md §13): the thresholds a team agrees
// on, read by the CLI and the language server alike so CI and the editor judge a document
// the same way. It is input like any document: every key is checked (type, unit, range), and
// anything that cannot be used is a finding at its place. A value is never dropped silently,
// because a threshold that quietly fell back to its default is a check that passes by accident.
import { AnalysisSettings, Finding } from './types';
import { LIMITS, PNode, exceedsNodeLimit, parseYaml } from './yamlTree';
import { firstLine } from './reader';
import { parseDuration, parseRatio } from './units';
import { MAX_FILE_CHARS } from './analyze';
import { suggest } from './schema';

export const CONFIG_FILE_NAME = '.perfdoc.yaml';

type Key = keyof AnalysisSettings;

interface SettingSpec {
  /** The key in `.perfdoc.yaml` (and the `perfdoc.*` editor setting). */
  name: string;
  setting: Key;
  form: 'percent' | 'ratio' | 'duration';
  min: number;
  max: number;
  what: string;
}

/**
 * The configurable thresholds with the ranges that keep them meaningful: a warning at 0% of a
 * pool fires on everything, one above 100% never. schemas/perfdoc-config.schema.json states
 * the same (test/unit/core-config.test.ts holds them equal).
 */
export const CONFIGURABLE_SETTINGS: readonly SettingSpec[] = [
  { name: 'minBufferPercent', setting: 'minBufferPercent', form: 'percent', min: 0, max: 100, what: 'LB002' },
  {
    name: 'defaultMaxUtilization',
    setting: 'defaultMaxUtilization',
    form: 'ratio',
    min: 0.01,
    max: 1,
    what: 'CM001 sizing',
  },
  {
    name: 'utilizationWarnPercent',
    setting: 'utilizationWarnPercent',
    form: 'percent',
    min: 1,
    max: 100,
    what: 'CM006',
  },
  {
    name: 'connectionsWarnPercent',
    setting: 'connectionsWarnPercent',
    form: 'percent',
    min: 1,
    max: 100,
    what: 'CM003',
  },
  { name: 'quotaWarnPercent', setting: 'quotaWarnPercent', form: 'percent', min: 1, max: 100, what: 'CM005' },
  // A soak shorter than a minute cannot show a leak; ten days is longer than any test window.
  {
    name: 'soakMinDuration',
    setting: 'soakMinDurationMs',
    form: 'duration',
    min: 60_000,
    max: 864_000_000,
    what: 'LT007',
  },
];

export interface WorkspaceConfig {
  /** The thresholds the file sets; editor settings (or the defaults) apply to the rest. */
  overrides: Partial<AnalysisSettings>;
  /** Problems with positions in the file's text; any error means the file must not be used. */
  findings: Finding[];
}

export function parseConfig(text: string): WorkspaceConfig {
  const overrides: Partial<AnalysisSettings> = {};
  const findings: Finding[] = [];
  const report = (code: string, message: string, at: { start: number; end: number }) =>
    findings.push({ code, severity: 'error', message, start: at.start, end: Math.max(at.end, at.start) });
  if (text.length > MAX_FILE_CHARS || (text.length > LIMITS.maxNodes && exceedsNodeLimit([text]))) {
    report('PD006', `${CONFIG_FILE_NAME} is far larger than any configuration; perfdoc does not read it`, {
      start: 0,
      end: Math.min(1, text.length),
    });
    return { overrides, findings };
  }
  const docs = parseYaml(text);
  for (const d of docs) for (const p of d.problems) report(p.kind === 'syntax' ? 'PD001' : 'PD006', p.message, p);
  const [first, ...more] = docs.filter(d => d.root && !(d.root.type === 'scalar' && d.root.value === null));
  for (const d of more)
    report(
      'PD002',
      `${CONFIG_FILE_NAME} holds one YAML document; this second one would be ignored`,
      firstLine(d.root!),
    );
  if (!first || findings.length) return { overrides, findings };
  const root = first.root!;
  if (root.type !== 'map') {
    report(
      'PD002',
      `${CONFIG_FILE_NAME} must be a mapping of thresholds, e.g. utilizationWarnPercent: 80`,
      firstLine(root),
    );
    return { overrides, findings };
  }
  for (const pair of root.pairs) {
    if (pair.key.startsWith('x-')) continue; // extension keys are allowed and ignored (§13)
    const keyAt = { start: pair.keyStart, end: pair.keyEnd };
    const spec = CONFIGURABLE_SETTINGS.find(s => s.name === pair.key);
    if (!spec) {
      const near = suggest(
        pair.key.replace(/[-_]/g, ''),
        CONFIGURABLE_SETTINGS.map(s => s.name),
      );
      report(
        'PD002',
        `unknown key "${pair.key}"${near ? `: did you mean ${near}?` : ''} (${CONFIG_FILE_NAME} sets ${CONFIGURABLE_SETTINGS.map(s => s.name).join(', ')}, or x- keys)`,
        keyAt,
      );
      continue;
    }
    const read = readValue(spec, pair.value);
    if ('problem' in read)
      report(
        read.code,
        `${spec.name}: ${read.problem}`,
        pair.value && pair.value.end > pair.value.start ? pair.value : keyAt,
      );
    else overrides[spec.setting] = read.value;
  }
  return { overrides, findings };
}

function readValue(spec: SettingSpec, node: PNode | null): { value: number } | { problem: string; code: string } {
  if (!node || node.type !== 'scalar' || node.value === null)
    return { code: 'PD002', problem: `needs a value (${example(spec)})` };
  const v = node.value;
  let value: number;
  if (spec.form === 'duration') {
    const d = parseDuration(v);
    if (!d.ok) return { code: typeof v === 'number' || typeof v === 'string' ? 'PD003' : 'PD002', problem: d.error };
    value = d.value;
  } else if (spec.form === 'ratio') {
    const r = parseRatio(v);
    if (!r.ok) return { code: 'PD002', problem: `${r.error} (${example(spec)})` };
    value = r.value;
  } else {
    // `80` and `80%` say the same here, as in the `perfdoc.*` editor settings (a number of percent).
    const percent = typeof v === 'string' ? /^\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*$/.exec(v) : null;
    value = percent ? Number(percent[1]) : typeof v === 'number' ? v : NaN;
    if (!Number.isFinite(value))
      return { code: 'PD002', problem: `expected a number of percent, got ${JSON.stringify(v)} (${example(spec)})` };
  }
  if (value < spec.min || value > spec.max)
    return { code: 'PD002', problem: `${shown(spec, v)} is outside ${range(spec)}` };
  return { value };
}

const example = (s: SettingSpec) =>
  s.form === 'duration' ? `e.g. ${s.name}: 2h` : s.form === 'ratio' ? `e.g. ${s.name}: 70%` : `e.g. ${s.name}: 80`;
const shown = (s: SettingSpec, v: unknown) => (s.form === 'percent' ? `${String(v)}%` : String(v));
function range(s: SettingSpec): string {
  if (s.form === 'duration') return `1 min..240 h (what ${s.what} compares with)`;
  if (s.form === 'ratio') return `${s.min * 100}%..${s.max * 100}% (${s.what})`;
  return `${s.min}..${s.max}% (${s.what})`;
}

/** Settings with the file's values laid over them (the editor's settings, or the defaults in the CLI). */
export function withConfig(base: AnalysisSettings, config: WorkspaceConfig): AnalysisSettings {
  return { ...base, ...config.overrides };
}
