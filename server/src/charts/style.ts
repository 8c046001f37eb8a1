// The one stylesheet of the preview and the report. Colors are VS Code theme variables
// (`--vscode-*`, set by the webview on <html>) with fallbacks for the standalone report, which
// follows the reader's light or dark preference. High contrast adds outlines: status is never
// shown by color alone (labels say "over by", outlines thicken, shapes differ).
export const CHART_CSS = `
:root {
  --pd-fg: var(--vscode-editor-foreground, #1f2328);
  --pd-bg: var(--vscode-editor-background, #ffffff);
  --pd-muted: var(--vscode-descriptionForeground, #59636e);
  --pd-grid: var(--vscode-charts-lines, rgba(128, 128, 128, 0.3));
  --pd-blue: var(--vscode-charts-blue, #0969da);
  --pd-red: var(--vscode-charts-red, #cf222e);
  --pd-yellow: var(--vscode-charts-yellow, #9a6700);
  --pd-orange: var(--vscode-charts-orange, #bc4c00);
  --pd-green: var(--vscode-charts-green, #1a7f37);
  --pd-purple: var(--vscode-charts-purple, #8250df);
  --pd-error: var(--vscode-errorForeground, var(--pd-red));
  --pd-warning: var(--vscode-editorWarning-foreground, var(--pd-orange));
  --pd-info: var(--vscode-editorInfo-foreground, var(--pd-blue));
  --pd-link: var(--vscode-textLink-foreground, #0969da);
  --pd-focus: var(--vscode-focusBorder, #0969da);
  --pd-border: var(--vscode-contrastBorder, transparent);
  --pd-panel: var(--vscode-textBlockQuote-background, rgba(128, 128, 128, 0.08));
  --pd-font: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  --pd-mono: var(--vscode-editor-font-family, ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace);
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --pd-fg: var(--vscode-editor-foreground, #e6edf3);
    --pd-bg: var(--vscode-editor-background, #0d1117);
    --pd-muted: var(--vscode-descriptionForeground, #9198a1);
    --pd-blue: var(--vscode-charts-blue, #4493f8);
    --pd-red: var(--vscode-charts-red, #f85149);
    --pd-yellow: var(--vscode-charts-yellow, #d29922);
    --pd-orange: var(--vscode-charts-orange, #db6d28);
    --pd-green: var(--vscode-charts-green, #3fb950);
    --pd-purple: var(--vscode-charts-purple, #ab7df8);
    --pd-link: var(--vscode-textLink-foreground, #4493f8);
    --pd-focus: var(--vscode-focusBorder, #4493f8);
  }
}
body { margin: 0; padding: 12px 20px 32px; color: var(--pd-fg); background: var(--pd-bg); font-family: var(--pd-font); font-size: var(--vscode-font-size, 14px); line-height: 1.45; }
h1 { font-size: 1.5em; margin: 0.6em 0 0.3em; }
h2 { font-size: 1.2em; margin: 0 0 0.2em; }
h3 { font-size: 1em; margin: 1.2em 0 0.4em; }
a { color: var(--pd-link); }
code, .pd-code { font-family: var(--pd-mono); font-size: 0.92em; }
.pd-empty, .pd-muted-text { color: var(--pd-muted); }
.pd-doc { margin: 16px 0 28px; padding-top: 12px; border-top: 1px solid var(--pd-grid); }
.pd-kind { color: var(--pd-muted); font-weight: normal; }
.pd-headline { margin: 0 0 8px; font-weight: 600; }
.pd-figure { margin: 12px 0; }
.pd-figure figcaption { color: var(--pd-muted); font-size: 0.9em; margin-bottom: 4px; }
.pd-figures, .pd-findings, .pd-suppressed { margin: 6px 0; padding-left: 1.2em; }
.pd-findings li, .pd-suppressed li { margin: 2px 0; }
.pd-sev { font-weight: 600; }
.pd-sev-error .pd-sev { color: var(--pd-error); }
.pd-sev-warning .pd-sev { color: var(--pd-warning); }
.pd-sev-information .pd-sev, .pd-sev-hint .pd-sev { color: var(--pd-info); }
.pd-summary { border-collapse: collapse; margin: 8px 0 16px; }
.pd-summary th, .pd-summary td { text-align: left; padding: 3px 12px 3px 0; border-bottom: 1px solid var(--pd-grid); vertical-align: top; }
.pd-summary td:first-child { white-space: nowrap; }
.pd-count-error { color: var(--pd-error); font-weight: 600; }
.pd-count-warning { color: var(--pd-warning); }
.pd-file-error { color: var(--pd-error); }

.pd-chart { display: block; max-width: 100%; height: auto; font-family: var(--pd-font); font-size: 12px; }
.pd-chart text { fill: var(--pd-fg); }
.pd-chart .pd-strong { font-weight: 600; }
.pd-chart .pd-tick, .pd-chart .pd-muted { fill: var(--pd-muted); font-size: 10px; }
.pd-chart .pd-note { fill: var(--pd-muted); }
.pd-chart .pd-target-label { font-size: 11px; }
.pd-chart text.pd-st-error, .pd-chart tspan.pd-st-error { fill: var(--pd-error); font-weight: 600; }
.pd-chart text.pd-st-warning, .pd-chart tspan.pd-st-warning { fill: var(--pd-warning); font-weight: 600; }

.pd-grid { stroke: var(--pd-grid); stroke-width: 1; }
.pd-bar { stroke: var(--pd-border); stroke-width: 1; }
.pd-segment, .pd-total, .pd-demand { fill: var(--pd-blue); }
.pd-branch { fill: var(--pd-blue); fill-opacity: 0.45; }
.pd-branch.pd-critical { fill-opacity: 1; }
.pd-group { fill: none; stroke: var(--pd-blue); stroke-width: 1.5; }
.pd-async { fill: none; stroke: var(--pd-muted); stroke-width: 1.5; stroke-dasharray: 4 3; }
.pd-buffer, .pd-capacity { fill: var(--pd-green); }
.pd-required { fill: var(--pd-purple); }
.pd-total { fill-opacity: 0.8; }
.pd-headroom { fill: var(--pd-green); fill-opacity: 0.25; stroke: var(--pd-green); stroke-dasharray: 3 2; }
.pd-overrun { fill: var(--pd-red); }
.pd-overrun-overlay, .pd-over-error { fill: var(--pd-red); }
.pd-over-warning { fill: var(--pd-orange); }
.pd-over-note { fill: var(--pd-yellow); }
.pd-step-0 { fill: var(--pd-purple); }
.pd-step-1 { fill: var(--pd-purple); fill-opacity: 0.6; }
.pd-src-0 { fill: var(--pd-blue); }
.pd-src-1 { fill: var(--pd-purple); }
.pd-src-2 { fill: var(--pd-blue); fill-opacity: 0.5; }
.pd-capacity.pd-st-error { fill: var(--pd-red); }
rect.pd-st-error, circle.pd-st-error { stroke: var(--pd-error); stroke-width: 2.5; }
rect.pd-st-warning, circle.pd-st-warning { stroke: var(--pd-warning); stroke-width: 2.5; }
.pd-target { stroke: var(--pd-fg); stroke-width: 1; stroke-dasharray: 2 3; }
.pd-target.pd-budgeted { stroke-width: 2; stroke-dasharray: none; }
.pd-timeout, .pd-limit { stroke: var(--pd-fg); stroke-width: 2; }
.pd-timeout.pd-st-error, .pd-limit.pd-st-error { stroke: var(--pd-error); }
.pd-limit.pd-st-warning { stroke: var(--pd-warning); }
.pd-marker { stroke: var(--pd-orange); stroke-width: 2; stroke-dasharray: 5 2; }
.pd-marker.pd-st-warning { stroke: var(--pd-warning); stroke-width: 3; }
.pd-range { stroke: var(--pd-muted); stroke-width: 2; }
.pd-dot { stroke: var(--pd-bg); stroke-width: 1; }
.pd-p50 { fill: var(--pd-green); }
.pd-p95 { fill: var(--pd-blue); }
.pd-p99 { fill: var(--pd-purple); }
.pd-target-p50 { stroke: var(--pd-green); }
.pd-target-p95 { stroke: var(--pd-blue); }
.pd-target-p99 { stroke: var(--pd-purple); }
.pd-covered { fill: var(--pd-green); fill-opacity: 0.18; stroke: var(--pd-green); stroke-width: 1.5; }
.pd-missing { fill: none; stroke: var(--pd-muted); stroke-width: 1.5; stroke-dasharray: 4 3; }

.pd-flow .pd-flow-box { fill: var(--pd-panel); stroke: var(--pd-muted); stroke-width: 1; }
.pd-flow .pd-flow-traffic { fill: none; stroke-dasharray: 4 3; }
.pd-flow .pd-flow-data { stroke: var(--pd-purple); }
.pd-flow .pd-flow-cache { stroke: var(--pd-green); }
.pd-flow .pd-flow-queue { stroke: var(--pd-yellow); }
.pd-flow .pd-flow-compute { stroke: var(--pd-blue); }
.pd-flow .pd-flow-box.pd-st-error { stroke: var(--pd-error); stroke-width: 2.5; }
.pd-flow .pd-flow-box.pd-st-warning { stroke: var(--pd-warning); stroke-width: 2; }
.pd-chart .pd-flow-small { font-size: 10px; }
.pd-chart .pd-flow-detail { font-size: 11px; }
.pd-flow-track { fill: var(--pd-grid); }
.pd-flow-fill { fill: var(--pd-blue); }
.pd-flow-fill.pd-st-warning { fill: var(--pd-warning); }
.pd-flow-fill.pd-st-error { fill: var(--pd-error); }
.pd-flow-hit { fill: var(--pd-green); }
.pd-flow-miss { fill: var(--pd-blue); fill-opacity: 0.5; }
.pd-flow-tick { stroke: var(--pd-fg); stroke-width: 1.5; }
.pd-flow-line { fill: none; stroke: var(--pd-muted); }
.pd-flow-head { fill: var(--pd-muted); }
.pd-edge-traffic .pd-flow-line { stroke: var(--pd-blue); }
.pd-edge-traffic .pd-flow-head { fill: var(--pd-blue); }
.pd-edge-miss .pd-flow-line { stroke-dasharray: 5 3; }
.pd-edge-consumer .pd-flow-line { stroke-dasharray: 1 3; stroke-linecap: round; }
.pd-edge-cycle .pd-flow-line { stroke-dasharray: 6 2 1 2; }
.pd-flow-line.pd-st-warning { stroke: var(--pd-warning); }
.pd-flow-line.pd-st-error { stroke: var(--pd-error); }
.pd-flow-head.pd-st-warning { fill: var(--pd-warning); }
.pd-flow-head.pd-st-error { fill: var(--pd-error); }
.pd-flow-label-bg { fill: var(--pd-bg); fill-opacity: 0.9; }
.pd-flow-label.pd-st-error .pd-flow-label-bg { stroke: var(--pd-error); stroke-width: 1; }
.pd-constraint-bar { fill: var(--pd-blue); fill-opacity: 0.7; }
.pd-constraint-pool { fill: var(--pd-purple); }
.pd-constraint-quota { fill: var(--pd-yellow); }
.pd-breaking .pd-constraint-bar { fill-opacity: 1; }
rect.pd-constraint-bar.pd-first { stroke: var(--pd-orange); stroke-width: 2.5; }
.pd-chart text.pd-first { fill: var(--pd-orange); font-weight: 600; }
.pd-constraint-bar.pd-st-error { fill: var(--pd-red); fill-opacity: 1; }
.pd-peak-line { stroke: var(--pd-fg); stroke-width: 2; }
.pd-compare { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 8px 16px; }
.pd-compare h4 { margin: 4px 0; font-size: 0.95em; }
.pd-compare .pd-chart { max-width: 100%; height: auto; }
details.pd-figure summary { color: var(--pd-muted); font-size: 0.9em; cursor: pointer; margin-bottom: 4px; }

body[class*="vscode-high-contrast"] .pd-bar, body[class*="vscode-high-contrast"] .pd-covered { stroke: var(--pd-border); stroke-width: 1.5; }
body[class*="vscode-high-contrast"] .pd-grid { stroke-opacity: 0.6; }

.pd-interactive [data-line] { cursor: pointer; }
.pd-interactive [data-line]:hover > rect, .pd-interactive [data-line]:hover > circle { filter: brightness(1.15); }
[data-line]:focus { outline: none; }
[data-line]:focus-visible > rect, [data-line]:focus-visible > circle { stroke: var(--pd-focus); stroke-width: 2.5; }
.pd-interactive li[data-line]:hover, .pd-interactive h2 [data-line]:hover { text-decoration: underline; }

@media print { body { padding: 0; } .pd-doc { break-inside: avoid-page; } }
`;
