// One perfdoc document as an HTML section: its headline, charts, key figures and findings.
// The preview shows the sections of one file, the report those of every file given, so the
// two show the same thing. Every `data-line` is a zero-based line of the document's file.
import type { DocumentAnalysis, FileAnalysis } from '../core/analyze';
import type { Finding } from '../core/types';
import { headline, keyFigures } from '../core/summary';
import { documentCharts } from './model';
import { Figure, renderCapacityCharts, renderLatencyCharts, renderLoadTestCharts } from './render';
import { renderFlowCharts } from './flow';
import { esc, tag } from './svg';
import { renderResultsCharts, resultsCharts } from './results';
import { CHART_CSS } from './style';

/** One document as HTML; elements with `data-line="N"` stand for line N (zero-based) of the file. */
export interface HtmlSection {
  kind: string | null;
  name: string | null;
  /** Zero-based line where the document starts. */
  line: number;
  html: string;
}

/** A file's sections and their stylesheet, drawn from the document at `version` (the preview's reply). */
export interface FilePreview {
  version: number | null;
  css: string;
  sections: HtmlSection[];
}

export function renderDocumentCharts(file: FileAnalysis, d: DocumentAnalysis): Figure[] {
  const charts = documentCharts(file, d);
  return [
    ...(charts.latency ? renderLatencyCharts(charts.latency) : []),
    ...(charts.capacity ? [...renderFlowCharts(charts.capacity.views), ...renderCapacityCharts(charts.capacity)] : []),
    ...(charts.loadTest ? renderLoadTestCharts(charts.loadTest) : []),
    ...(d.kind === 'LoadTestPlan' ? renderResultsCharts(resultsCharts(file, d.loadTest)) : []),
  ];
}

function figureHtml(f: Figure): string {
  const panels = f.panels
    ? tag(
        'div',
        { class: 'pd-compare' },
        f.panels.map(p => tag('div', { class: 'pd-panel' }, tag('h4', {}, esc(p.title)) + p.svg)).join(''),
      )
    : '';
  if (f.folded) return tag('details', { class: 'pd-figure' }, tag('summary', {}, esc(f.title)) + f.svg + panels);
  return tag('figure', { class: 'pd-figure' }, tag('figcaption', {}, esc(f.title)) + f.svg + panels);
}

export function documentSection(file: FileAnalysis, d: DocumentAnalysis, id?: string): HtmlSection {
  const line = file.lines.positionAt(d.start).line;
  const title = tag(
    'h2',
    {},
    tag(
      'span',
      { 'data-line': line },
      `<span class="pd-kind">${esc(d.kind ?? 'not a perfdoc document')}</span> ${esc(d.name ?? '')}`,
    ),
  );
  const summary = headline(d);
  const figures = renderDocumentCharts(file, d).map(figureHtml).join('');
  const facts = keyFigures(d);
  const item = (f: Finding, after = '') => {
    const at = file.lines.positionAt(f.start);
    return tag(
      'li',
      { class: `pd-sev-${f.severity}`, 'data-line': at.line },
      `<span class="pd-sev">${esc(f.severity)}</span> <span class="pd-code">${esc(f.code)}</span> line ${at.line + 1}: ${esc(f.message)}${after}`,
    );
  };
  const findings = d.findings.map(f => item(f)).join('');
  // A review decision recorded in the document (FORMAT.md §13): shown with its reason, apart from the findings.
  const suppressed = d.suppressed.map(f => item(f, ` — suppressed: ${esc(f.suppressed)}`)).join('');
  const html = tag(
    'section',
    { class: 'pd-doc', id },
    title +
      (summary ? tag('p', { class: 'pd-headline' }, esc(summary)) : '') +
      figures +
      (facts.length
        ? tag('h3', {}, 'Figures') + tag('ul', { class: 'pd-figures' }, facts.map(k => tag('li', {}, esc(k))).join(''))
        : '') +
      tag('h3', {}, `Findings (${d.findings.length})`) +
      (findings
        ? tag('ul', { class: 'pd-findings' }, findings)
        : tag('p', { class: 'pd-muted-text' }, 'No findings.')) +
      (suppressed
        ? tag('h3', {}, `Suppressed (${d.suppressed.length})`) + tag('ul', { class: 'pd-suppressed' }, suppressed)
        : ''),
  );
  return { kind: d.kind, name: d.name, line, html };
}

/** The preview of one file: every perfdoc document in it, in file order. */
export function filePreview(file: FileAnalysis, version: number | null): FilePreview {
  return { version, css: CHART_CSS, sections: file.documents.map(d => documentSection(file, d)) };
}
