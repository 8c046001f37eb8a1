// Turns the measurements of one bench run into ONE Markdown table: each figure for
// perfdoc and yaml-language-server, their ratio, and the target it is held to (from the
// issue) marked met / not met.

/** A value that could not be measured: `{ missing }` (nothing to run) or `{ error }` (it failed). */
const unmeasured = v => v?.missing ?? (v?.error ? `error: ${String(v.error).split('\n')[0].slice(0, 120)}` : null);

export function fmt(x) {
  if (x == null) return '–';
  if (typeof x !== 'number') return String(x);
  const a = Math.abs(x);
  return Number.isInteger(x) || a >= 100 ? Math.round(x).toLocaleString('en') : a >= 10 ? x.toFixed(1) : x.toFixed(2);
}

const fmtRatio = r => (r == null ? '–' : r < 0.5 ? `${r.toFixed(3)} (1/${Math.round(1 / r)})` : `${r.toFixed(2)}×`);
const times = x => (typeof x === 'number' ? `${x.toFixed(2)}×` : fmt(x));
const num = x => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** The figure of an lspbench median report; lspbench's own words ("unsupported") pass through. */
const lspFigure = get => m => {
  if (m == null) return null;
  if (unmeasured(m)) return unmeasured(m);
  const v = get(m);
  return typeof v === 'object' && v !== null ? v.p50 : v;
};

const shareOfYls = den => ({ text: `≤ 1/${den} of yls`, met: (p, y) => p <= y / den });
const atMost = ratio => ({ text: `≤ ${ratio}×`, met: p => p <= ratio, absolute: true });
const below = (limit, unit) => ({ text: `< ${fmt(limit)} ${unit}`, met: p => p < limit, absolute: true });

/** Per-document figures; `target(doc, floorMs)` returns the issue's target for that input, if it has one. */
const DOCUMENT_FIGURES = [
  { name: 'open → diagnostics, ms', get: lspFigure(m => m.openToDiagMs) },
  {
    name: 'edit → diagnostics p50, ms',
    get: lspFigure(m => m.editToDiag?.p50),
    target: (doc, floorMs) =>
      doc.typical
        ? shareOfYls(20)
        : doc.segments === 10000
          ? {
              text: `≤ 1/4 of yls and < floor (${fmt(floorMs)} ms)`,
              met: (p, y) => p <= y / 4 && floorMs != null && p < floorMs,
            }
          : null,
  },
  { name: 'edit → diagnostics p95, ms', get: lspFigure(m => m.editToDiag?.p95) },
  // Issue 18: the first diagnostics of an opened document, in a running server, against the edits that follow.
  {
    name: 'open → diagnostics ÷ edit → diagnostics p50',
    get: m => {
      if (m == null) return null;
      if (unmeasured(m)) return unmeasured(m);
      const open = num(m.openToDiagMs);
      const edit = num(m.editToDiag?.p50);
      return open != null && edit ? open / edit : null;
    },
    target: doc => (doc.coldOpen ? atMost(3) : null),
    show: times,
    count: true,
  },
  { name: 'hover p50, ms', get: lspFigure(m => m.hover), target: doc => (doc.typical ? below(2, 'ms') : null) },
  {
    name: 'inlay hints p50, ms',
    get: lspFigure(m => m.inlayHint),
    target: doc => (doc.typical ? below(2, 'ms') : null),
  },
  { name: 'code action p50, ms', get: lspFigure(m => m.codeAction) },
  // The issue sets the memory target for the 10,000-segment file; smaller inputs show the ratio only.
  {
    name: 'peak RSS, MiB',
    get: lspFigure(m => m.peakRssMiB),
    target: doc => (doc.segments === 10000 ? shareOfYls(2) : null),
  },
  { name: 'diagnostics after open', get: lspFigure(m => m.diagnostics), count: true },
];

function status(target, p, y) {
  if (!target) return '';
  if (target.report) return 'report';
  if (num(p) == null) return 'not measured';
  if (!target.absolute && num(y) == null) return 'no yls figure';
  return target.met(p, y) ? 'met' : '**not met**';
}

function row(input, figure, p, y, target, show = fmt, count = false) {
  const ratio = num(p) != null && num(y) && !count ? p / y : null;
  return {
    input,
    figure,
    perfdoc: p,
    perfdocText: show(p),
    yls: y,
    ratio,
    target: target?.text ?? '',
    status: status(target, p, y),
  };
}

const cliCell = r =>
  unmeasured(r) ??
  (r ? `${fmt(r.ms)} ms, exit ${r.timedOut ? 'killed' : r.code}${r.output ? `, ${r.output}` : ''}` : null);

/** All rows of the table, in reading order. */
export function tableRows(res) {
  const rows = [];
  for (const doc of res.documents) {
    const input = `${doc.id}: ${doc.label}, ${fmt(doc.bytes)} B; floor ${fmt(num(doc.floor?.parseMsP50))} ms`;
    for (const f of DOCUMENT_FIGURES)
      rows.push(
        row(
          input,
          f.name,
          f.get(doc.perfdoc),
          f.get(doc.yls),
          f.target?.(doc, num(doc.floor?.parseMsP50)),
          f.show ?? fmt,
          f.count,
        ),
      );
  }

  const ws = res.workspace;
  const wsInput = `workspace: ${ws.files.toLocaleString('en')} files, ${ws.openLabel} opened right after initialized`;
  // Indexed = the server's readiness notification when there is one (--ready-notification), else the opened file's first diagnostics.
  const indexedTarget = below(3000, 'ms');
  const wsFigures = [
    [
      'initialize → first diagnostics of the opened file, ms',
      m => m.initToFirstDiagMs,
      ws.readyNotification ? null : indexedTarget,
    ],
    ['initialize → its settled diagnostics (last before 250 ms quiet), ms', m => m.initToSettledDiagMs],
    ...(ws.readyNotification
      ? [[`initialize → ${ws.readyNotification}, ms`, m => m.initToReadyMs, indexedTarget]]
      : []),
  ];
  for (const [name, get, target] of wsFigures)
    rows.push(row(wsInput, name, lspFigure(get)(ws.perfdoc), lspFigure(get)(ws.yls), target));
  const urisGet = lspFigure(m => m.publishedUris);
  rows.push(row(wsInput, 'files that got diagnostics', urisGet(ws.perfdoc), urisGet(ws.yls), null, fmt, true));

  const ext = res.extension;
  const extInput = unmeasured(ext)
    ? 'extension'
    : `extension (${ext.build}: extension.js ${fmt(ext.entryBytes)} B, client.js ${fmt(ext.clientBytes)} B)`;
  rows.push(
    row(
      extInput,
      'activation: require(extension.js) + activate() with a stub vscode, ms (median of fresh processes)',
      unmeasured(ext) ?? ext.ms,
      null,
      below(50, 'ms'),
    ),
  );
  const clientLoad =
    unmeasured(ext) ??
    (ext.clientLoadedDuringActivation ? 'loaded during activation' : (ext.clientLoadMs ?? 'no client.js'));
  rows.push(
    row(
      extInput,
      'after activation, deferred: require(client.js), the language client, ms (median)',
      clientLoad,
      null,
      null,
    ),
  );
  const webExt = ext.web;
  rows.push(
    row(
      unmeasured(webExt)
        ? 'extension, web worker host'
        : `extension, web worker host (web/extension.js ${fmt(webExt.entryBytes)} B, client included)`,
      'activation: require(web/extension.js) + activate() with a stub vscode, ms (median of fresh processes)',
      (webExt && unmeasured(webExt)) ?? webExt?.ms ?? 'not measured',
      null,
      below(50, 'ms'),
    ),
  );
  rows.push(
    row(
      'extension',
      'perfdoc.vsix size, bytes',
      unmeasured(res.vsix) ?? res.vsix.bytes,
      null,
      below(1_000_000, 'bytes'),
    ),
  );

  const cli = res.cli;
  const cliInput = `CLI: check --format json ${cli.fileLabel}`;
  const cliMs = unmeasured(cli.perfdoc) ?? cli.perfdoc.ms;
  rows.push(
    row(cliInput, `wall time incl. process start, median of ${cli.runs}`, cliMs, null, null, () =>
      cliCell(cli.perfdoc),
    ),
  );
  // Held to the target: the yaml parse as a process of its own, start-up included on both sides.
  // Shown beside it: the same parse in-process, once (cold JIT, as a one-shot CLI runs) and warm.
  const cliRatio = (what, ms, target) =>
    row(
      cliInput,
      `CLI ÷ ${what} (${fmt(ms)} ms)`,
      num(cliMs) != null && num(ms) ? cliMs / ms : unmeasured(cli.perfdoc),
      null,
      target,
      times,
    );
  rows.push(
    cliRatio('`node -e` yaml parse process median (start, require, read, parseDocument)', cli.parseProcess.ms, {
      text: '≤ 1.5×',
      met: p => p <= 1.5,
      absolute: true,
    }),
  );
  rows.push(
    cliRatio('first yaml.parseDocument in a fresh process, start-up excluded', cli.parseInProcessFirstMs, null),
  );
  rows.push(cliRatio('yaml.parseDocument in-process median (warm JIT)', cli.parseInProcessMs, null));
  const report = text => ({ text, report: true });
  const wall = r => unmeasured(r) ?? r.ms;
  rows.push(
    row(
      `CLI: ${cli.aliasBombLabel}`,
      'wall time, exit code',
      wall(cli.aliasBomb),
      null,
      report('quick, no crash'),
      () => cliCell(cli.aliasBomb),
    ),
  );
  rows.push(
    row(
      `CLI: ${cli.fiveMiBLabel}`,
      `wall time, exit code (yaml parse process: ${fmt(cli.fiveMiBParseProcess.ms)} ms)`,
      wall(cli.fiveMiB),
      null,
      report('quick'),
      () => cliCell(cli.fiveMiB),
    ),
  );

  // Issue 18: `perfdoc check` as a pre-commit hook runs it, on one small file, against a process that does nothing.
  const small = cli.small;
  const smallInput = unmeasured(small) ? 'CLI: check one small file' : `CLI: check --format json ${small.fileLabel}`;
  const smallMs = unmeasured(small) ?? unmeasured(small.perfdoc) ?? small.perfdoc.ms;
  rows.push(
    row(
      smallInput,
      `wall time incl. process start, median of ${small.runs ?? '–'} paired runs`,
      smallMs,
      null,
      null,
      () => unmeasured(small) ?? cliCell(small.perfdoc),
    ),
  );
  rows.push(
    row(
      smallInput,
      `CLI ÷ \`node -e 0\` (${fmt(num(small.emptyProcess?.ms))} ms), same pairs`,
      num(smallMs) != null && num(small.emptyProcess?.ms)
        ? smallMs / small.emptyProcess.ms
        : (unmeasured(small) ?? null),
      null,
      atMost(1.6),
      times,
    ),
  );
  rows.push(
    row(
      'CLI: check --format json examples/',
      `wall time incl. process start, median of ${res.settings.cliRuns}`,
      unmeasured(cli.examples) ?? cli.examples.ms,
      null,
      report('reported'),
      () => unmeasured(cli.examples) ?? cliCell(cli.examples),
    ),
  );

  // Issue 18: what declared scenarios cost on every edit of a CapacityModel.
  const sc = res.scenarios;
  const editP50 = lspFigure(m => m.editToDiag?.p50);
  const base = editP50(sc?.base);
  const withScenarios = editP50(sc?.withScenarios);
  const scInput = 'CapacityModel (2 tiers, a queue, a quota), edited on peakRps';
  rows.push(row(scInput, 'edit → diagnostics p50 without scenarios, ms', base, null, null));
  rows.push(row(scInput, 'edit → diagnostics p50 with three declared scenarios, ms', withScenarios, null, null));
  rows.push(
    row(
      scInput,
      'with scenarios ÷ without',
      num(base) && num(withScenarios) != null ? withScenarios / base : (unmeasured(sc?.withScenarios) ?? null),
      null,
      atMost(2),
      times,
    ),
  );
  return rows;
}

export function markdownTable(rows) {
  const cell = x => String(x).replace(/\|/g, '\\|');
  const lines = [
    '| input | figure | perfdoc | yaml-language-server | perfdoc ÷ yls | target | status |',
    '|---|---|---:|---:|---:|---|---|',
  ];
  let lastInput = null;
  for (const r of rows) {
    const input = r.input === lastInput ? '〃' : r.input;
    lastInput = r.input;
    lines.push(
      `| ${[input, r.figure, r.perfdocText, fmt(r.yls), fmtRatio(r.ratio), r.target, r.status].map(cell).join(' | ')} |`,
    );
  }
  return lines.join('\n');
}
