// Every rule code once: its title and the lesson's reasoning. Hovers on a squiggle, SARIF
// rule help and the CLI read this; rule functions own when a rule fires and the message.
import { Severity } from './types';

export interface RuleInfo {
  code: string;
  severity: Severity;
  title: string;
  why: string;
  section: string;
}

const rule = (code: string, severity: Severity, title: string, section: string, why: string): RuleInfo => ({
  code,
  severity,
  title,
  section,
  why,
});

export const RULES: readonly RuleInfo[] = [
  rule(
    'PD001',
    'error',
    'YAML syntax error',
    'spec §6',
    'The document cannot be read as YAML, so nothing in it can be checked until the syntax is fixed.',
  ),
  rule(
    'PD002',
    'error',
    'Schema violation',
    'spec §6',
    'A misspelt or misplaced key silently drops a number from the model; the JSON Schemas in schemas/ name every allowed key and value.',
  ),
  rule(
    'PD003',
    'error',
    'Quantity without a valid unit',
    'spec §2',
    'A duration of `40` could be 40 ms or 40 s: a factor of 1,000 in the critical-path sum. Write the unit.',
  ),
  rule(
    'PD004',
    'error',
    'Unresolved reference',
    'spec §6',
    'A load-test plan or capacity model that points at a missing budget cannot compare its criteria with the targets it is meant to prove.',
  ),
  rule(
    'PD005',
    'warning',
    'Not a perfdoc document',
    'spec §1',
    'A *.perf.yaml file is meant to be checked; without `apiVersion: perfdoc/v1` and a known kind nothing in it would be.',
  ),
  rule(
    'PD006',
    'error',
    'Input beyond analysis limits',
    'docs/reference.md',
    'A file that is too large (4 M characters, 300,000 YAML nodes), nested deeper than 200 levels or expands through aliases beyond the limits is refused with a clear message rather than freezing or crashing the editor; a number beyond 1e15 or below 1e-9 is refused so that no figure overflows.',
  ),
  rule(
    'PD007',
    'warning',
    'Suppression without a reason',
    'spec §13, §18',
    'A `# perfdoc-disable-next-line CODE -- reason` directive records a review decision; without a reason (or with a code that is no rule) it suppresses nothing, because a silenced finding nobody can explain is a known risk shipped unreviewed.',
  ),
  rule(
    'LB001',
    'error',
    'Critical path exceeds the target',
    '§5',
    'A latency budget decomposes the user-visible target into internal budgets; when the segments sum past the target the design already misses its SLO on paper.',
  ),
  rule(
    'LB002',
    'warning',
    'No room for variance',
    '§5.1 rule 5',
    'Reserve buffer for variance: a budget that spends the whole target has nothing left for a slow GC pause, a cold cache or a noisy neighbour.',
  ),
  rule(
    'LB003',
    'warning',
    'Target lacks p95 or p99',
    '§5.1 rule 2, §18.1',
    'Averages hide production pain; the tail (p95/p99) is what users of a fan-out system feel.',
  ),
  rule(
    'LB004',
    'warning',
    'Target lacks a timeout',
    '§18.1, §16 anti-pattern 7',
    'Without a timeout budget a slow dependency holds threads, connections and the user indefinitely.',
  ),
  rule(
    'LB005',
    'warning',
    'Dependency without a timeout',
    '§18.1',
    'External dependencies need an explicit timeout and retry policy; the dependency is usually what dominates tail latency (§4.1).',
  ),
  rule(
    'LB006',
    'warning',
    'Retries without backoff or jitter',
    '§16 anti-pattern 6',
    'Retrying without jitter/backoff synchronizes clients and turns a brief slowdown into a retry storm.',
  ),
  rule(
    'LB007',
    'error',
    'Timeouts × retries overrun the request timeout',
    '§5.1 rule 3',
    'Include retries and timeouts in the budget: when every attempt times out, the caller gives up before the retries finish and the work is wasted.',
  ),
  rule(
    'LB008',
    'error',
    'Segment timeout below its budget',
    '§5.1 rule 3',
    "A timeout shorter than the segment's own budget cuts off calls that meet the budget.",
  ),
  rule(
    'LB009',
    'error',
    'Targets not ascending',
    '§5.3',
    'p50 ≤ p95 ≤ p99 ≤ timeout by definition; anything else is a typo in the target.',
  ),
  rule(
    'LB010',
    'warning',
    'Synchronous cross-region call',
    '§11.2',
    "Cross-region synchronous calls in the request path are a major design smell: they add 60-200 ms and couple the regions' failures. Without a home region, segments in two regions still mean one call crosses.",
  ),
  rule(
    'LB011',
    'information',
    'Fan-out tail probability',
    '§4.5',
    'Tail latency compounds with fan-out: with N parallel calls budgeted at the q-th percentile, 1 − q^N of requests have at least one call over its budget (and 1 − 0.99^N one beyond its p99).',
  ),
  rule(
    'CM001',
    'error',
    'Tier cannot carry the required load',
    '§6, §6.2',
    'required capacity = expected peak × safety factor; a tier whose max units cannot carry it at the target utilization saturates at peak.',
  ),
  rule(
    'CM002',
    'warning',
    'No capacity with one zone lost',
    '§3, §6.2, §21 q. 12',
    "A multi-AZ architecture does not automatically have enough spare capacity during AZ impairment (§3): with the zone holding the most units lost, the whole units left must carry the tier's demand below the utilization warning, or the survivors run with no room left (§6.2).",
  ),
  rule(
    'CM003',
    'error',
    "Connections exceed the dependency's max",
    '§10.1, §16 anti-pattern 8',
    'Unlimited concurrency into a limited database (§16 anti-patterns 8 and 11): connection pools protect it only when every caller has a max scale and their total at max scale stays below its max connections, with room for a reconnect storm.',
  ),
  rule(
    'CM004',
    'error',
    'Too few queue workers',
    '§8.4, §20 exercise 2',
    'A queue protects the caller only if consumers can drain it fast enough: workers = (backlog work / drain time + arrival rate) / rate per worker, where poison messages are received maxReceiveCount times each; without maxReceiveCount they return forever (§15.3).',
  ),
  rule(
    'CM005',
    'error',
    'Quota overrun',
    '§4.3, §7',
    'in-flight = RPS × latency: when latency rises, concurrency rises with it and a quota that fits at p50 fails at p95. Latency degradation becomes a capacity incident.',
  ),
  rule(
    'CM006',
    'warning',
    'Utilization at peak too high',
    '§6.2',
    'A system running at 85-95% saturation has no room for a spike, a bad deployment, an AZ impairment or a retry storm.',
  ),
  rule(
    'CM007',
    'warning',
    'Unsafe scaling policy',
    '§8.5',
    'Use cooldowns to avoid oscillation, and limit max capacity to protect dependencies: autoscaling must not be allowed to destroy a dependency (§19).',
  ),
  rule(
    'CM008',
    'warning',
    'Headroom not defined',
    '§6.2, §18.2',
    'Headroom is unused capacity reserved for variance, deployment, burst and failover; the production review asks that it is defined.',
  ),
  rule(
    'CM009',
    'error',
    'Connection pool exhausted at peak',
    '§4.3, §10.1, §17',
    'Little\'s law on a dependency: in-flight calls = call rate × call latency. When they exceed the caller\'s pool (max units × connections per unit), calls queue for a connection and latency grows until in-flight fits: "DB connections maxed" is uncontrolled concurrency.',
  ),
  rule(
    'CM010',
    'warning',
    'Scale-out slower than the traffic ramp',
    '§8.5 rules 3 and 4',
    'Know startup and warm-up time, and pre-scale when it exceeds burst tolerance: capacity that arrives after the peak does not serve it. A scheduled policy or a higher minimum carries the ramp.',
  ),
  rule(
    'CM011',
    'warning',
    'Scaling metric is not the bottleneck',
    '§8.1, §18.3',
    'If CPU is not the bottleneck, scaling on CPU is misleading: the tier saturates on its scarcest resource (§6.1) while the loop sees no reason to add units. The scaling metric must match the bottleneck.',
  ),
  rule(
    'CM012',
    'warning',
    'Scaling target above planned utilization',
    '§6.2, §8.1',
    "A target-tracking loop holds its metric at the target: above the model's maxUtilization, the tier runs hotter than the headroom the sizing assumed, with no room for a spike, a deploy or an AZ loss.",
  ),
  rule(
    'LT001',
    'information',
    'Test types missing',
    '§13.1',
    'Smoke, baseline, load, stress, spike, soak, failover and backlog-drain tests each answer a different question.',
  ),
  rule(
    'LT002',
    'warning',
    'Vague success criteria',
    '§13.3',
    '"The load test passed" is not a criterion: state p95, p99 and the error rate the test must meet.',
  ),
  rule(
    'LT003',
    'warning',
    'Load test below the modelled peak',
    '§13.1',
    "A load test validates expected peak traffic; one below the capacity model's peak proves less than the design claims.",
  ),
  rule(
    'LT004',
    'warning',
    'Criterion looser than the budget',
    '§18.5',
    "Results are compared to the SLO: a criterion looser than the budget's target lets a test pass while the design misses it.",
  ),
  rule(
    'LT005',
    'warning',
    'No cold-cache test',
    '§18.5, §21 q. 11',
    'Cache warm and cold tests are run: what happens if the cache hit rate drops to zero?',
  ),
  rule(
    'LT006',
    'error',
    'Request mix does not sum to 100%',
    '§13.2',
    'The request mix is an input of the test: shares that do not add up describe traffic that will not be sent, so the test measures a different system.',
  ),
  rule(
    'LT007',
    'warning',
    'Test shape cannot teach what its type is for',
    '§13.1, §13.4',
    'A stress test below the breaking point finds none, a spike that ramps slower than autoscaling is no spike, a short soak shows no leak, and a failover test that injects nothing tests the happy path.',
  ),
  rule(
    'LT008',
    'warning',
    'Criterion the design already fails on paper',
    '§13.3, §10.1, §8.4',
    'The capacity model already says the limit cannot hold (connections at max scale, queue drain time): fix the design or the criterion before paying for the run.',
  ),
  rule(
    'LT009',
    'error',
    'Measured result breaks a criterion',
    '§13.3, §18.5',
    'Load test results are compared to the SLO: a measured p95, p99 or error rate above the criterion fails the test; a run below 90% of its rate did not reach its load.',
  ),
  rule(
    'LT010',
    'information',
    'Measured latency far from the design',
    '§5.1 rule 6',
    'Revisit the budget after real telemetry: measured p95/p99 more than 20% away from the budget targets or the model p95Latency make every figure derived from them wrong.',
  ),
  rule(
    'OB001',
    'warning',
    'Tier without the golden signals',
    '§14.1, §18.6',
    'Metrics exist per critical tier: without latency, traffic, errors and saturation on a tier, nobody can tell whether it is the one that is slow or saturated.',
  ),
  rule(
    'OB002',
    'warning',
    'Constrained resource without an alarm',
    '§7.1, §18.4, §18.6',
    'Quota alarms exist for critical limits: a quota, a connection limit or a queue backlog that is not alarmed is found when it is hit, during the incident.',
  ),
  rule(
    'OB003',
    'information',
    'Alarm without a runbook',
    '§18.6',
    'Alarms are actionable: an alarm that does not say what to do wakes someone up to guess.',
  ),
  rule(
    'OB004',
    'information',
    'Traces, logs or dashboards incomplete',
    '§14.3, §18.6',
    'Traces show dependency timings, logs include the correlation ID, dashboards separate user, service, dependency and infrastructure views: otherwise the question "which dependency is causing it?" has no answer.',
  ),
];

const byCode = new Map(RULES.map(r => [r.code, r]));

export function ruleInfo(code: string): RuleInfo | undefined {
  return byCode.get(code);
}
