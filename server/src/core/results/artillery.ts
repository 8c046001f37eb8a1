// Artillery `run --output FILE.json`: aggregate.counters (http.requests, http.codes.<status>,
// errors.<code>), aggregate.summaries["http.response_time"] (p50, p95, p99 in ms) and the
// first/last counter timestamps. The metrics-by-endpoint plugin adds, per endpoint E,
// summaries["plugins.metrics-by-endpoint.response_time.E"] and counters
// "plugins.metrics-by-endpoint.E.codes.<status>" / ".errors.<code>".
// A failed request is one answered 4xx/5xx or not answered (an errors.* counter), as k6's
// http_req_failed counts; Artillery's own vusers.failed counts virtual users, not requests.
import { MeasuredFigures, MeasuredResults, emptyFigures, finiteNumber, measured } from './types';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const ENDPOINT = 'plugins.metrics-by-endpoint.';
const ENDPOINT_TIMES = `${ENDPOINT}response_time.`;

export function parseArtillery(doc: Json): MeasuredResults | { error: string } {
  const aggregate = doc.aggregate as Json;
  const counters = isObject(aggregate.counters) ? aggregate.counters : {};
  const summaries = isObject(aggregate.summaries) ? aggregate.summaries : {};
  const first = finiteNumber(aggregate.firstCounterAt),
    last = finiteNumber(aggregate.lastCounterAt);
  const durationS =
    first !== undefined && last !== undefined && last > first
      ? { value: (last - first) / 1000, source: '(aggregate.lastCounterAt − aggregate.firstCounterAt) / 1000' }
      : null;
  if (!Object.keys(counters).length && !Object.keys(summaries).length)
    return { error: 'Artillery report without aggregate counters or summaries (the run recorded nothing)' };

  /** `scope` is `http.` or an endpoint's `plugins.metrics-by-endpoint.E.`; errors of the whole run are `errors.*`. */
  const figures = (scope: string, errorsPrefix: string, times: string, where: string): MeasuredFigures => {
    let failedAnswered = 0,
      unanswered = 0,
      answered = 0;
    for (const [key, v] of Object.entries(counters)) {
      const n = finiteNumber(v);
      if (n === undefined) continue;
      const code = key.startsWith(`${scope}codes.`) ? /^\d{3}$/.exec(key.slice(scope.length + 6))?.[0] : undefined;
      if (code) {
        answered += n;
        if (Number(code) >= 400) failedAnswered += n;
      } else if (key.startsWith(errorsPrefix)) unanswered += n;
    }
    const failed = failedAnswered + unanswered;
    const requests = finiteNumber(counters[`${scope}requests`]);
    // An endpoint has no request counter: its requests are those answered plus those that failed unanswered.
    const sent = requests ?? answered + unanswered;
    const summary = isObject(summaries[times]) ? summaries[times] : {};
    const at = (stat: string) => measured(summary[stat], `aggregate.summaries[${JSON.stringify(times)}].${stat}`);
    return {
      ...emptyFigures(),
      rps:
        sent > 0 && durationS
          ? { value: sent / durationS.value, source: `${where}: requests / ${durationS.source}` }
          : null,
      errorRate:
        sent > 0
          ? {
              value: failed / sent,
              source: `${where}: (codes 4xx/5xx + ${errorsPrefix}*) / requests, aggregate.counters`,
            }
          : null,
      p50: at('p50') ?? at('median'),
      p95: at('p95'),
      p99: at('p99'),
      durationS,
    };
  };
  const endpoints = Object.keys(summaries)
    .filter(k => k.startsWith(ENDPOINT_TIMES))
    .map(k => k.slice(ENDPOINT_TIMES.length));
  return {
    format: 'artillery',
    title: 'Artillery --output JSON',
    overall: figures('http.', 'errors.', 'http.response_time', 'http.*'),
    requests: endpoints.map(name => ({
      name,
      figures: figures(
        `${ENDPOINT}${name}.`,
        `${ENDPOINT}${name}.errors.`,
        `${ENDPOINT_TIMES}${name}`,
        `metrics-by-endpoint "${name}"`,
      ),
    })),
    thresholds: [],
    notes: [],
  };
}
