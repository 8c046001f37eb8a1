// The analysis settings from what a user typed: each value checked against its range, a
// missing or bad one falls back. Sources are layered here and nowhere else: later layers win
// key by key, a bad value in a later layer leaves the earlier layer's value in place. The
// server passes the editor's `perfdoc.*` of a document's folder (lsp/settings.ts); a
// `.perfdoc.yaml` of that folder is a layer under it, read with the same names.
import { AnalysisSettings, DEFAULT_SETTINGS } from './types';
import { parseDuration } from './units';

/** The settings by their user-facing names (editor `perfdoc.*`), unchecked. */
export interface SettingsInput {
  minBufferPercent?: unknown;
  defaultMaxUtilization?: unknown;
  utilizationWarnPercent?: unknown;
  connectionsWarnPercent?: unknown;
  quotaWarnPercent?: unknown;
  /** A duration such as `2h` or `90 minutes`. */
  soakMinDuration?: unknown;
}

const inRange = (lo: number, hi: number) => (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi ? v : undefined;

/** How each setting is read from its input, undefined when the input is missing or out of range. */
const READERS: { [K in keyof AnalysisSettings]: (s: SettingsInput) => AnalysisSettings[K] | undefined } = {
  minBufferPercent: s => inRange(0, 100)(s.minBufferPercent),
  defaultMaxUtilization: s => inRange(0.01, 1)(s.defaultMaxUtilization),
  utilizationWarnPercent: s => inRange(1, 100)(s.utilizationWarnPercent),
  connectionsWarnPercent: s => inRange(1, 100)(s.connectionsWarnPercent),
  quotaWarnPercent: s => inRange(1, 100)(s.quotaWarnPercent),
  soakMinDurationMs: s => {
    const d = parseDuration(s.soakMinDuration);
    return d.ok && d.value > 0 ? d.value : undefined;
  },
};

/** The settings of `layers` in order (defaults first, then each layer over the one before). */
export function effectiveSettings(...layers: (SettingsInput | null | undefined)[]): AnalysisSettings {
  const out: AnalysisSettings = { ...DEFAULT_SETTINGS };
  for (const layer of layers) {
    if (!layer || typeof layer !== 'object') continue;
    for (const key of Object.keys(READERS) as (keyof AnalysisSettings)[]) {
      const value = READERS[key](layer);
      if (value !== undefined) out[key] = value;
    }
  }
  return out;
}
