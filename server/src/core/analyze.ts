// The analysis pipeline: file → YAML blocks → documents → typed model → figures → findings.
// The CLI, the language server and the tests all call `analyzeFile`.
import * as nodePath from 'node:path';
import {
  AnalysisSettings,
  DEFAULT_SETTINGS,
  DOCUMENT_KINDS,
  Diagnostic,
  DocumentKind,
  Finding,
  Metrics,
} from './types';
import { LineIndex } from './lineIndex';
import { FileFlavor, fileFlavor, yamlBlocks } from './sources';
import { LIMITS, PMap, PScalar, YamlDoc, exceedsNodeLimit, mapGet, parseYaml, scalarText } from './yamlTree';
import { Reader } from './reader';
import { validateSchema } from './schema';
import { LatencyAnalysis, analyzeLatencyBudget, latencyMetrics } from './latencyBudget';
import { BorrowedLatency, CapacityAnalysis, analyzeCapacityModel, capacityDocumentMetrics } from './capacityModel';
import { LoadTestAnalysis, PlanReferences, ResultsReader, analyzeLoadTestPlan, loadTestMetrics } from './loadTestPlan';
import { ObservabilityAnalysis, analyzeObservabilityPlan, observabilityMetrics } from './observabilityPlan';
import { SuppressedFinding, applySuppressions } from './suppressions';

/** Files larger than this are refused with PD006 instead of being parsed (the parser needs ~1-3 s per MB). */
export const MAX_FILE_CHARS = 4 * 1024 * 1024;

export interface DocReference {
  key: 'latencyFrom' | 'budget' | 'capacity';
  node: PScalar;
  /** Absolute path the reference resolves to (without a `#name` fragment), when it is a path. */
  path?: string;
  resolved: boolean;
}

interface DocumentBase {
  name: string | null;
  start: number;
  end: number;
  root: PMap | null;
  /** Info string of the Markdown fence holding this document. */
  fence?: string;
  findings: Finding[];
  /** Findings a `# perfdoc-disable-next-line` directive switched off, with its reason (§13). */
  suppressed: SuppressedFinding[];
  metrics: Metrics;
  references: DocReference[];
  /** Absolute paths of the results files the document names (a LoadTestPlan's `results:`), read or not: the server re-checks it when one changes. */
  resultsFiles: string[];
}

/**
 * One analyzed document: a member per kind, so `switch (d.kind)` with `assertNever` in its
 * default makes the compiler list every place a new kind must be handled. The other kinds'
 * analyses are declared `never` so `d.latency` reads as "undefined unless a LatencyBudget".
 */
export type DocumentAnalysis =
  | (DocumentBase & { kind: null } & Without<never>)
  | (DocumentBase & { kind: 'LatencyBudget'; latency: LatencyAnalysis } & Without<'latency'>)
  | (DocumentBase & { kind: 'CapacityModel'; capacity: CapacityAnalysis } & Without<'capacity'>)
  | (DocumentBase & { kind: 'LoadTestPlan'; loadTest: LoadTestAnalysis } & Without<'loadTest'>)
  | (DocumentBase & { kind: 'ObservabilityPlan'; observability: ObservabilityAnalysis } & Without<'observability'>);

/** Each kind's analysis field; a member declares the others `never` (see `Without`). */
interface KindAnalyses {
  latency: LatencyAnalysis;
  capacity: CapacityAnalysis;
  loadTest: LoadTestAnalysis;
  observability: ObservabilityAnalysis;
}
/** The other kinds' analysis fields as `never`: a new kind adds one line to KindAnalyses, not one to every member. */
type Without<Own extends keyof KindAnalyses | never> = { [K in Exclude<keyof KindAnalyses, Own>]?: never };

/** A perfdoc document of a known kind. */
export type KnownDocument = Exclude<DocumentAnalysis, { kind: null }>;

/** The default branch of an exhaustive `switch (d.kind)`: a new kind fails to compile here. */
export function assertNever(x: never): never {
  throw new Error(`unhandled document kind: ${JSON.stringify(x)}`);
}

export interface FileAnalysis {
  path: string;
  flavor: FileFlavor;
  text: string;
  lines: LineIndex;
  documents: DocumentAnalysis[];
  /** The settings the documents were analysed with: a quick fix must not make their rules fire. */
  settings: AnalysisSettings;
}

/** Gives the analysis the documents of a referenced file (already analyzed, without their own references). */
export interface ReferenceHost {
  documentsOf(absolutePath: string): DocumentAnalysis[] | { error: string };
  /** The text of a load-test results file (a test's `results:`), under the same confinement as documents. */
  resultsText?(absolutePath: string): { text: string } | { error: string };
}

export interface AnalyzeOptions {
  settings?: AnalysisSettings;
  /** Without a host, references are not followed (used for referenced files, which keeps cycles impossible). */
  references?: ReferenceHost;
}

export interface ParsedBlock {
  fence?: string;
  docs: YamlDoc[];
}

/** Parses the YAML blocks of a file; the server may substitute an incremental parse with the same result. */
export function parseFile(path: string, text: string): ParsedBlock[] {
  return yamlBlocks(path, text).map(b => ({ fence: b.fence, docs: parseYaml(b.text, b.start) }));
}

/** Turns a file's text into its parsed blocks; asked only for texts within the analysis limits. */
export interface FileParser {
  parse(path: string, text: string): ParsedBlock[];
}

const WHOLE_FILE_PARSER: FileParser = { parse: parseFile };

export function analyzeFile(
  path: string,
  text: string,
  options: AnalyzeOptions = {},
  parser: FileParser = WHOLE_FILE_PARSER,
): FileAnalysis {
  const flavor = fileFlavor(path);
  const lines = new LineIndex(text);
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const refusal = beyondLimits(path, text);
  if (refusal) {
    // A huge file that is not perfdoc's (an OpenAPI spec, a long README) is left alone like any other.
    const claimed = flavor === 'perf-yaml' || LOOKS_LIKE_PERFDOC.test(text);
    return { path, flavor, text, lines, documents: claimed ? [tooLarge(text, refusal)] : [], settings };
  }
  const documents: DocumentAnalysis[] = [];
  for (const block of parser.parse(path, text)) {
    // A ```perfdoc fence, like a *.perf.yaml file, is always meant for perfdoc.
    const claimed = flavor === 'perf-yaml' || block.fence === 'perfdoc';
    for (const doc of block.docs) {
      const a = analyzeDocument(doc, claimed, path, options, text);
      if (a) {
        a.fence = block.fence;
        applySuppressions(text, lines, a);
        documents.push(a);
      }
    }
  }
  return { path, flavor, text, lines, documents, settings };
}

/** Text that marks a file as holding perfdoc documents (a cheap test, also used to pick files to index). */
export const LOOKS_LIKE_PERFDOC = /perfdoc\/v1|```perfdoc/;

/**
 * Why a file is beyond the analysis limits, or null. Decided on the text before anything is
 * parsed (the parser is asked only afterwards), so the CLI and the server's incremental
 * parse refuse exactly the same files, and the ~4 ms lexer pass of a 10,000-segment file
 * runs once per analysis.
 */
export function beyondLimits(path: string, text: string): string | null {
  if (fileFlavor(path) === 'other') return null;
  if (text.length > MAX_FILE_CHARS) {
    return `file has ${(text.length / 1024 / 1024).toFixed(1)} M characters; perfdoc analyzes files up to ${MAX_FILE_CHARS / 1024 / 1024} M: split it into several documents`;
  }
  if (text.length > LIMITS.maxNodes && exceedsNodeLimit(yamlBlocks(path, text).map(b => b.text))) {
    return `file has more than ${LIMITS.maxNodes.toLocaleString('en-US')} YAML nodes (keys, values, list items); perfdoc analyzes up to that many: split it into several documents`;
  }
  return null;
}

function tooLarge(text: string, message: string): DocumentAnalysis {
  return {
    kind: null,
    name: null,
    start: 0,
    end: text.length,
    root: null,
    metrics: {},
    references: [],
    resultsFiles: [],
    suppressed: [],
    findings: [{ code: 'PD006', severity: 'error', start: 0, end: Math.min(1, text.length), message }],
  };
}

function identify(root: YamlDoc['root']): { apiVersion?: unknown; kind?: unknown } {
  if (!root || root.type !== 'map') return {};
  const api = mapGet(root, 'apiVersion'),
    kind = mapGet(root, 'kind');
  return {
    apiVersion: api?.type === 'scalar' ? api.value : undefined,
    kind: kind?.type === 'scalar' ? kind.value : undefined,
  };
}

/** "LatencyBudget, CapacityModel, LoadTestPlan or ObservabilityPlan" */
const KIND_LIST = `${DOCUMENT_KINDS.slice(0, -1).join(', ')} or ${DOCUMENT_KINDS[DOCUMENT_KINDS.length - 1]}`;

function isBlank(doc: YamlDoc): boolean {
  return !doc.problems.length && (!doc.root || (doc.root.type === 'scalar' && doc.root.value === null));
}

export function analyzeDocument(
  doc: YamlDoc,
  claimed: boolean,
  path: string,
  options: AnalyzeOptions,
  text: string,
): DocumentAnalysis | null {
  const { apiVersion, kind } = identify(doc.root);
  const isPerfdoc = apiVersion === 'perfdoc/v1';
  if (!claimed && !isPerfdoc) return null; // someone else's YAML: left alone
  if (isBlank(doc)) return null;
  const r = new Reader(text);
  for (const p of doc.problems) r.report(p.kind === 'syntax' ? 'PD001' : 'PD006', 'error', p.message, p);
  const base: DocumentBase = {
    name: null,
    start: doc.start,
    end: doc.end,
    root: doc.root?.type === 'map' ? doc.root : null,
    findings: r.findings,
    suppressed: [],
    metrics: {},
    references: [],
    resultsFiles: [],
  };
  const root = base.root;
  if (root) {
    const nameNode = mapGet(root, 'name');
    base.name = nameNode?.type === 'scalar' && nameNode.value !== null ? scalarText(nameNode.value) : null;
  }
  const knownKind = (DOCUMENT_KINDS as readonly unknown[]).includes(kind) ? (kind as DocumentKind) : null;
  if (!root || !isPerfdoc || !knownKind) {
    if (doc.root) {
      const at = root
        ? (mapGet(root, isPerfdoc ? 'kind' : 'apiVersion') ?? {
            start: root.start,
            end: Math.min(root.end, root.start + 1),
          })
        : doc.root;
      const message = !root
        ? 'a perfdoc document must be a mapping with apiVersion: perfdoc/v1 and kind'
        : !isPerfdoc
          ? `not a perfdoc document: ${apiVersion === undefined ? 'missing' : `unexpected apiVersion "${String(apiVersion)}", expected`} apiVersion: perfdoc/v1`
          : kind === undefined
            ? `missing kind: expected ${KIND_LIST}`
            : `unknown kind "${String(kind)}": expected ${KIND_LIST}`;
      r.report('PD005', 'warning', message, at);
    }
    return { ...base, kind: null };
  }
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const refs = new References(path, options.references, r, base.references, base.resultsFiles);
  const result = analyzeKind(knownKind, base, root, r, settings, refs);
  const unitProblems = new Set(r.findings.filter(f => f.code === 'PD003').map(f => f.start));
  // A number split at its grouping comma (`{ p99: 1,200 ms }`) leaves stray keys: its PD003 says why.
  const splits = r.findings.filter(f => f.data?.fix === 'quote');
  for (const p of validateSchema(knownKind, root)) {
    if (unitProblems.has(p.start) || splits.some(f => p.start >= f.start && p.start < f.end)) continue;
    r.report('PD002', 'error', p.message, p, { path: p.path });
  }
  r.findings.sort((a, b) => a.start - b.start || a.end - b.end);
  // An aliased node (`criteria: *slo` in nine tests) is one place in the text: report it once.
  result.findings = r.findings.filter(
    (f, i, all) =>
      i === 0 ||
      !(
        f.start === all[i - 1].start &&
        f.end === all[i - 1].end &&
        f.code === all[i - 1].code &&
        f.message === all[i - 1].message
      ),
  );
  return result;
}

/** The kind's own model, figures and rules; the shared steps (schema, ordering) follow in analyzeDocument. */
function analyzeKind(
  kind: DocumentKind,
  base: DocumentBase,
  root: PMap,
  r: Reader,
  settings: AnalysisSettings,
  refs: References,
): KnownDocument {
  switch (kind) {
    case 'LatencyBudget': {
      const latency = analyzeLatencyBudget(root, r, settings);
      return { ...base, kind, latency, metrics: latencyMetrics(latency.figures) };
    }
    case 'CapacityModel': {
      const traffic = mapGet(root, 'traffic');
      const budget =
        traffic?.type === 'map' ? refs.follow(traffic, 'latencyFrom', 'LatencyBudget')?.latency : undefined;
      // §9 correction: the mean is the budget's p50 target (a p95-path sum overstates it); the
      // critical path is the p95 only when the segments are budgeted at p95.
      const borrowed: BorrowedLatency | undefined = budget && {
        budgetName: budget.model.name,
        latencyMs: budget.model.target.p50?.value ?? budget.figures.totalMs,
        p95Ms:
          budget.model.budgetPercentile === 'p95' ? budget.figures.totalMs : (budget.model.target.p95?.value ?? null),
        timeoutMs: budget.figures.timeoutMs,
        budget: budget.model,
      };
      const capacity = analyzeCapacityModel(root, r, settings, borrowed);
      return { ...base, kind, capacity, metrics: capacityDocumentMetrics(capacity) };
    }
    case 'LoadTestPlan': {
      const references: PlanReferences = {
        budget: refs.follow(root, 'budget', 'LatencyBudget')?.latency,
        capacity: refs.follow(root, 'capacity', 'CapacityModel')?.capacity,
      };
      const loadTest = analyzeLoadTestPlan(root, r, references, settings, refs.resultsReader());
      return { ...base, kind, loadTest, metrics: loadTestMetrics(loadTest.figures) };
    }
    case 'ObservabilityPlan': {
      // Followed like a LoadTestPlan's: the model's tiers, quotas and queues decide OB001/OB002.
      const observability = analyzeObservabilityPlan(
        root,
        r,
        {
          capacity: refs.follow(root, 'capacity', 'CapacityModel')?.capacity,
          budget: refs.follow(root, 'budget', 'LatencyBudget')?.latency,
        },
        settings,
      );
      return { ...base, kind, observability, metrics: observabilityMetrics(observability.figures) };
    }
    default:
      return assertNever(kind);
  }
}

const URI_SCHEME = /^[a-z][a-z0-9+.-]+:/i;

/** Follows `latencyFrom` / `budget` / `capacity` to a document of the expected kind, or reports PD004. */
class References {
  constructor(
    private readonly fromPath: string,
    private readonly host: ReferenceHost | undefined,
    private readonly r: Reader,
    private readonly out: DocReference[],
    private readonly resultsOut: string[],
  ) {}

  /** Reads `results:` files relative to this document, through the host (none without one). */
  resultsReader(): ResultsReader | undefined {
    const host = this.host;
    if (!host?.resultsText) return undefined;
    return file => {
      if (URI_SCHEME.test(file) || !file)
        return { error: `"${file}" is not a relative file path; perfdoc reads only files in the workspace` };
      const path = nodePath.resolve(nodePath.dirname(this.fromPath), file);
      this.resultsOut.push(path);
      return host.resultsText!(path);
    };
  }

  follow(parent: PMap, key: DocReference['key'], kind: DocumentKind): DocumentAnalysis | undefined {
    const node = mapGet(parent, key);
    if (!node || node.type !== 'scalar' || typeof node.value !== 'string') return undefined;
    const ref: DocReference = { key, node, resolved: false };
    this.out.push(ref);
    const [file, name] = splitFragment(node.value.trim());
    if (URI_SCHEME.test(file) || !file) {
      this.r.report(
        'PD004',
        'error',
        `${key}: "${node.value}" is not a relative file path; perfdoc reads only files in the workspace and never fetches URLs`,
        node,
      );
      return undefined;
    }
    ref.path = nodePath.resolve(nodePath.dirname(this.fromPath), file);
    if (!this.host) return undefined;
    const docs = this.host.documentsOf(ref.path);
    if (!Array.isArray(docs)) {
      this.r.report('PD004', 'error', `${key}: ${docs.error}`, node);
      return undefined;
    }
    const match = docs.find(d => d.kind === kind && (name === undefined || d.name === name));
    if (!match) {
      const found =
        docs
          .filter(d => d.kind)
          .map(d => `${d.kind} "${d.name ?? ''}"`)
          .join(', ') || 'no perfdoc documents';
      this.r.report(
        'PD004',
        'error',
        `${key}: ${file} has no ${kind}${name === undefined ? '' : ` named "${name}"`} (found: ${found})`,
        node,
      );
      return undefined;
    }
    ref.resolved = true;
    return match;
  }
}

/** `./search.perf.yaml#Search case API` picks a document by name in a file holding several. */
export function splitFragment(ref: string): [string, string | undefined] {
  const i = ref.indexOf('#');
  return i < 0 ? [ref, undefined] : [ref.slice(0, i), ref.slice(i + 1)];
}

export function toDiagnostic(lines: LineIndex, f: Finding): Diagnostic {
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    range: lines.range(f.start, f.end),
    ...(f.data ? { data: f.data } : {}),
  };
}

export function fileDiagnostics(file: FileAnalysis): Diagnostic[] {
  return file.documents.flatMap(d => d.findings.map(f => toDiagnostic(file.lines, f)));
}
