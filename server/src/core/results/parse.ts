// Reads a load-test results file (spec §11), the format detected by content, never by the
// file name: JSON (k6's three outputs, Artillery) or CSV (Locust stats, JMeter JTL). Text in,
// measured figures out; a file that cannot be read gives a reason, never an exception.
import { parseArtillery } from './artillery';
import { parseCsv } from './csv';
import { isJmeterJtl, parseJmeterJtl } from './jmeter';
import { k6Format, parseK6HandleSummary, parseK6MachineSummary, parseK6SummaryExport } from './k6';
import { isLocustStats, parseLocustStats } from './locust';
import { MeasuredResults, ParsedResults } from './types';

/** Results files larger than this are refused, as documents are (analyze.ts MAX_FILE_CHARS). */
export const MAX_RESULTS_CHARS = 4 * 1024 * 1024;
/** A JTL row is ≥ 40 characters: 4 M characters hold at most ~100,000 samples. */
const MAX_CSV_ROWS = 200_000;

const KNOWN =
  'k6 --summary-export or handleSummary JSON, k6 machine-readable summary, Artillery --output JSON, Locust _stats.csv or JMeter JTL CSV';

export function parseResults(text: string): ParsedResults {
  if (text.length > MAX_RESULTS_CHARS)
    return fail(
      `results file has ${(text.length / 1024 / 1024).toFixed(1)} M characters; perfdoc reads results files up to ${MAX_RESULTS_CHARS / 1024 / 1024} M`,
    );
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (!body) return fail('results file is empty');
  try {
    return body.startsWith('{') || body.startsWith('[') ? fromJson(body) : fromCsv(body);
  } catch (e) {
    // Every parser checks the shapes it reads; this is the guard for what slipped through.
    return fail(`results file could not be read: ${(e as Error).message}`);
  }
}

const fail = (error: string): ParsedResults => ({ ok: false, error });
const ok = (r: MeasuredResults | { error: string }): ParsedResults =>
  'error' in r ? fail(r.error) : { ok: true, results: r };

function fromJson(body: string): ParsedResults {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (e) {
    return fail(`results file is not valid JSON (${(e as Error).message}; truncated file?)`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return fail(`results JSON is not an object; expected ${KNOWN}`);
  const json = doc as Record<string, unknown>;
  switch (k6Format(json)) {
    case 'k6-summary-export':
      return ok(parseK6SummaryExport(json));
    case 'k6-handle-summary':
      return ok(parseK6HandleSummary(json));
    case 'k6-machine-summary':
      return ok(parseK6MachineSummary(json));
    case null:
      break;
  }
  if (typeof json.aggregate === 'object' && json.aggregate !== null) return ok(parseArtillery(json));
  return fail(`unrecognised results JSON; expected ${KNOWN}`);
}

function fromCsv(body: string): ParsedResults {
  if (body.startsWith('<'))
    return fail('JMeter XML results are not read: save the JTL as CSV (jmeter.save.saveservice.output_format=csv)');
  const csv = parseCsv(body, MAX_CSV_ROWS);
  if ('error' in csv) return fail(`results CSV: ${csv.error}`);
  const header = csv.rows[0] ?? [];
  if (isLocustStats(header)) return ok(parseLocustStats(csv.rows));
  if (isJmeterJtl(header)) return ok(parseJmeterJtl(csv.rows));
  return fail(`unrecognised results file; expected ${KNOWN}`);
}
