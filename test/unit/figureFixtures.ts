// Documents with the lesson's worked numbers, shared by the hover and inlay-hint tests
// (unit and protocol): the expected figures are in the comments.
import { FileAnalysis, analyzeFile } from '../../server/src/core/analyze';

/** §5: the search budget table; its rows sum to exactly the 500 ms p95 target. */
export const SEARCH_BUDGET = `apiVersion: perfdoc/v1
kind: LatencyBudget
name: Search case API
target:
  p50: 150ms
  p95: 500ms
  p99: 1200ms
  timeout: 2s
segments:
  - name: DNS/TLS/edge
    budget: 40ms
  - name: API Gateway/ALB overhead
    budget: 30ms
  - name: Auth/session lookup
    budget: 40ms
    dependency: auth-service
    timeout: 100ms
    retries: 1
    backoff: 20ms
    jitter: true
  - name: Application processing
    budget: 80ms
  - name: Cache lookup
    budget: 20ms
  - name: Database/search query
    budget: 220ms
    dependency: aurora-cases
    timeout: 500ms
    retries: 1
    backoff: 50ms
    jitter: true
  - name: Serialization/response
    budget: 40ms
  - name: Buffer
    budget: 30ms
    buffer: true
`;

/**
 * §4.3: 500 rps × 200 ms = 100 in flight (300 at the 600 ms p95). Required 500 × 1.5 = 750 rps;
 * api needs ceil(750 / (100 × 70%)) = 11 of 12 units, runs at 500 / 1,200 = 42% at peak,
 * serves 12 × 2/3 × 100 = 800 rps with a zone lost and opens 12 × 10 = 120 of db's 100
 * connections (CM003). The quota of 250 holds 100 now but not 300 at p95 (CM005 warning).
 */
export const LITTLE_CAPACITY = (latency = 'latency: 200ms') => `apiVersion: perfdoc/v1
kind: CapacityModel
name: Search API
traffic:
  peakRps: 500
  ${latency}
  p95Latency: 600ms
headroom:
  safetyFactor: 1.5
  maxUtilization: 70%
tiers:
  - name: api
    unitRps: 100
    units: { min: 2, max: 12 }
    zones: 3
    connectionsPerUnit: 10
    dependsOn: [db]
  - name: db
    maxConnections: 100
quotas:
  - name: Lambda concurrency
    limit: 250
    measures: concurrency
`;

/** §20 exercise 2: 2,000,000 / (1,800 s × 40/s) = 27.8 → 28 workers; 20 drain in 2,500 s. */
export const ORDERS_QUEUE = `apiVersion: perfdoc/v1
kind: CapacityModel
name: Orders backlog drain
headroom: { safetyFactor: 1.5 }
queues:
  - name: orders
    backlog: 2000000
    ratePerWorker: 40/s
    drainTime: 30m
    workers: 20
`;

/** A budget of `n` 1 ms segments (every tenth a dependency with a timeout), for the latency requirements. */
export function longBudget(n: number): string {
  const lines = [
    'apiVersion: perfdoc/v1',
    'kind: LatencyBudget',
    'name: Long',
    'target: { p95: 20s, p99: 30s, timeout: 60s }',
    'segments:',
  ];
  for (let i = 1; i <= n; i++) {
    lines.push(`  - name: segment-${i}`, '    budget: 1ms');
    if (i % 10 === 0) lines.push(`    dependency: svc-${i}`, '    timeout: 5ms');
  }
  return lines.join('\n') + '\n';
}

let long: FileAnalysis | undefined;

/** The 10,000-segment budget, analyzed once for all the tests that time features on it (analysis takes seconds). */
export function longBudgetAnalysis(): FileAnalysis {
  long ??= analyzeFile('/w/long.perf.yaml', longBudget(10_000));
  return long;
}

/** The offset just inside the first occurrence of `needle` (after `delta` characters), failing loudly. */
export function offsetOf(text: string, needle: string, delta = 0): number {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`fixture lacks ${JSON.stringify(needle)}`);
  return i + delta;
}
