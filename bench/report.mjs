// Renders `npm run bench` results: the one Markdown table (console and bench/README.md) and a small
// self-contained HTML report with an SVG bar chart per figure (no scripts, no network).
import { cell } from './support.mjs';

const int = (x) => Math.round(x).toLocaleString('en-US');
const ratio = (s) => (s?.median == null ? 'n/a' : `${s.median.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)})${s.wide ? ' ⚠' : ''}`);
const signed = (x, d = 1) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(d)}`;

/**
 * Every way figure 2 reaches the no-op tool, in table order: its label, the plain SDK server on the
 * same transport, the floor it is held to (same page) and, for the peer, our bridge on its transport.
 * The floor is a plain SDK server whose tool forwards over a raw WebSocket to the page's executeTool.
 */
export const WAYS = {
  'in-memory': { label: 'SDK in-memory transport', plain: 'plain-http' },
  'plain-http': { label: 'plain SDK server, Streamable HTTP', plain: 'plain-http' },
  'floor-http-polyfill': { label: 'floor (SDK server → ws → page), HTTP, polyfill page', plain: 'plain-http' },
  'bridge-polyfill': { label: 'bridge + page on our polyfill', plain: 'plain-http', floor: 'floor-http-polyfill' },
  'floor-http-native': { label: 'floor (SDK server → ws → page), HTTP, native page', plain: 'plain-http' },
  'bridge-native': { label: 'bridge + page on native WebMCP', plain: 'plain-http', floor: 'floor-http-native' },
  'plain-stdio': { label: 'plain SDK server, stdio', plain: 'plain-stdio' },
  'floor-stdio': { label: 'floor (SDK server → ws → page), stdio, polyfill page', plain: 'plain-stdio' },
  'bridge-stdio': { label: 'bridge --stdio + page on our polyfill', plain: 'plain-stdio', floor: 'floor-stdio' },
  'relay-stdio': { label: 'MCP-B local relay (peer), stdio, polyfill page', plain: 'plain-stdio', floor: 'floor-stdio', bridge: 'bridge-stdio' },
};

/**
 * The issue's goal for our bridge against the floor, medians of the per-run ratios. p50 is judged
 * on calls alternated one by one with the floor's (both see the same load) where a result has it;
 * the p50 of two blocks measured one after the other is shown beside it.
 */
export const FLOOR_GOAL = { p50: 1.05, throughput: 0.95 };

/** Ways measured in this result (older results have fewer; a peer that failed has an `error`). */
const measured = (r) => Object.keys(WAYS).filter((k) => r.latency[k]?.p50_ms);

/** Rows of the one table: [figure, measure, median (min–max), comparison]. */
export function tableRows(r) {
  const rows = [];
  const size = (prefix) => r.sizes.find((s) => s.label.startsWith(prefix));
  const [ours, poly, global, bridgePage] = [size('webmcp-kit: webmcp.iife'), size('@mcp-b/webmcp-polyfill'), size('@mcp-b/global'), size('webmcp-kit: bridge-page')];
  const times = (a, b) => `${(a.gzip / b.gzip).toFixed(2)}× / ${(a.brotli / b.brotli).toFixed(2)}×`;
  const stack = { gzip: ours.gzip + bridgePage.gzip, brotli: ours.brotli + bridgePage.brotli };
  // The add-on (results before it have no row): @mcp-b/global offers prompts and resources too.
  const offers = size('webmcp-kit: webmcp-offers');
  const full = offers && { gzip: stack.gzip + offers.gzip, brotli: stack.brotli + offers.brotli };
  const compared = new Map([
    [ours, `${times(ours, poly)} @mcp-b/webmcp-polyfill`],
    [offers, full && `with webmcp.iife.js and bridge-page.iife.js (${int(full.gzip)} / ${int(full.brotli)}): ${times(full, global)} @mcp-b/global`],
    [bridgePage, `with webmcp.iife.js (${int(stack.gzip)} / ${int(stack.brotli)}): ${times(stack, global)} @mcp-b/global`],
    [size('webmcp-kit: app-host'), 'no MCP-B equivalent'],
    [poly, 'baseline (lean polyfill)'],
    [global, 'baseline (polyfill + MCP server + transports)'],
  ]);
  for (const s of r.sizes) rows.push(['1 bytes', `${s.label}: gzip / brotli B`, `${int(s.gzip)} / ${int(s.brotli)} (exact)`, compared.get(s) ?? '']);
  for (const [metric, key, kind, digits] of [['p50 ms', 'p50_ms', 'p50', 3], ['p99 ms', 'p99_ms', 'p99', 2], ['calls/s at 32 concurrent', 'calls_per_s_at_32', 'throughput', 0]]) {
    for (const way of measured(r)) {
      const x = r.latency[way];
      const { label, plain, floor, bridge } = WAYS[way];
      const vs = [`${ratio(x[`${kind}_vs_plain`])} of plain`];
      if (floor && x[`${kind}_vs_floor`]) vs.push(`${ratio(x[`${kind}_vs_floor`])} of floor`);
      if (bridge && x[`${kind}_vs_bridge`]) vs.push(`${ratio(x[`${kind}_vs_bridge`])} of our bridge`);
      rows.push(['2 call', `${metric}, ${label}`, cell(x[key], digits), way === plain ? 'baseline' : vs.join(' · ')]);
    }
  }
  for (const [way, x] of Object.entries(r.latency)) if (x.error) rows.push(['2 call', WAYS[way]?.label ?? way, 'not measured', x.error.slice(0, 200)]);
  for (const [mode, x] of Object.entries(r.listChanged)) {
    rows.push(['3 list_changed', `registerTool → notification p50 ms, ${mode} page`, cell(x.p50_ms), '']);
    rows.push(['3 list_changed', `registerTool → notification p99 ms, ${mode} page`, cell(x.p99_ms), '']);
  }
  const one = r.scale.levels[1];
  for (const [n, x] of Object.entries(r.scale.levels)) rows.push(['4 scale', `tools/list p50 ms, ${n} page${n === '1' ? '' : 's'} × 20 tools`, cell(x.list_p50_ms), n === '1' ? 'baseline' : `${(x.list_p50_ms.median / one.list_p50_ms.median).toFixed(2)}× 1 page`]);
  for (const [n, x] of Object.entries(r.scale.levels)) rows.push(['4 scale', `tools/list p99 ms, ${n} page${n === '1' ? '' : 's'} × 20 tools`, cell(x.list_p99_ms), '']);
  for (const [n, x] of Object.entries(r.scale.levels)) rows.push(['4 scale', `bridge RSS MiB, ${n} page${n === '1' ? '' : 's'} × 20 tools`, cell(x.rss_mib, 1), `idle ${r.scale.idle_rss_mib} MiB`]);
  for (const [mode, x] of Object.entries(r.webmcp.modes)) rows.push(['4 scale', `registerTool /s, 1,000 tools in one page, ${mode}`, cell(x.register), '']);
  for (const [mode, x] of Object.entries(r.webmcp.modes)) rows.push(['4 scale', `getTools /s with 1,000 tools, ${mode}`, cell(x.getTools), '']);
  for (const [mode, x] of Object.entries(r.webmcp.modes)) {
    rows.push(['5 validation', `executeTool µs, schema validated, ${mode}`, cell(x.execValidated), `${signed(x.validationCost.median)} µs vs no schema (${signed(x.validationCost.min)} to ${signed(x.validationCost.max)})`]);
    rows.push(['5 validation', `executeTool µs, no schema, ${mode}`, cell(x.execUnvalidated), '']);
    rows.push(['5 validation', `direct call of the same function µs, ${mode}`, cell(x.execDirect, 3), '']);
  }
  return rows;
}

/** Rows of the floor summary: our bridge (and the peer) as ratios to the floor and the plain server, per transport. */
export function floorRows(r) {
  const rows = [];
  for (const [way, what] of [['bridge-polyfill', 'our bridge, HTTP, polyfill page'], ['bridge-native', 'our bridge, HTTP, native page'], ['bridge-stdio', 'our bridge, stdio, polyfill page'], ['relay-stdio', `MCP-B local relay${r.meta?.versions?.['@mcp-b/webmcp-local-relay'] ? ` ${r.meta.versions['@mcp-b/webmcp-local-relay']}` : ''} (peer), stdio, polyfill page`]]) {
    const x = r.latency[way];
    if (!x?.p50_vs_floor) continue;
    const p50 = x.p50_vs_floor_paired ?? x.p50_vs_floor;
    const met = p50.median <= FLOOR_GOAL.p50 && x.throughput_vs_floor.median >= FLOOR_GOAL.throughput;
    const noisy = p50.wide || x.throughput_vs_floor.wide ? ' (⚠ spread: rerun on a quiet machine)' : '';
    const goal = way.startsWith('bridge') ? `${met ? 'yes' : 'NO'}${noisy}` : '';
    const paired = x.p50_vs_floor_paired ? ratio(x.p50_vs_floor_paired) : 'not measured';
    rows.push([what, paired, ratio(x.p50_vs_floor), ratio(x.throughput_vs_floor), ratio(x.p50_vs_plain), ratio(x.throughput_vs_plain), x.p50_vs_bridge ? `${ratio(x.p50_vs_bridge)} / ${ratio(x.throughput_vs_bridge)}` : '', goal]);
  }
  return rows;
}

/** The floor summary, as Markdown (empty for results without a floor). */
export function floorTable(r) {
  const rows = floorRows(r);
  if (!rows.length) return '';
  const head = `Against the floor (same page, same run; goal p50 ≤ ${FLOOR_GOAL.p50}×, calls/s ≥ ${FLOOR_GOAL.throughput}×):\n\n| Way | p50 ÷ floor, call by call | p50 ÷ floor, in blocks | calls/s ÷ floor | p50 ÷ plain | calls/s ÷ plain | p50 / calls/s ÷ our bridge | At goal |\n|---|---|---|---|---|---|---|---|`;
  return `${head}\n${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}`;
}

/** The one table, as Markdown. */
export function markdownTable(r) {
  const head = '| Figure | Measure | Median (min–max) | Compared |\n|---|---|---|---|';
  return `${head}\n${tableRows(r).map((row) => `| ${row.join(' | ')} |`).join('\n')}`;
}

/** The header line: machine, versions, settings. */
export function describeRun(r) {
  const m = r.meta;
  return `${m.date} · ${m.cpus} × ${m.cpuModel} · load ${m.loadBefore.join('/')} · Node ${m.versions.node} · Chromium ${m.versions.chromium} · MCP SDK ${m.versions['@modelcontextprotocol/sdk']} · Playwright ${m.versions.playwright} · webmcp-kit ${m.commit} · ${m.settings.quick ? 'QUICK run (small counts, not for publishing)' : 'full run'}: ${m.settings.runs} runs, warm-up ${m.settings.warmup}, ${m.settings.sequential} sequential + ${m.settings.concurrentTotal} at 32 concurrent · ${m.durationS} s${m.remeasured ? ` · ${m.remeasured}` : ''}`;
}

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** A horizontal bar chart: one bar per item at its median, a whisker from min to max. */
function bars(title, unit, items) {
  const W = 860, LABEL = 380, ROW = 24, TOP = 28, PLOT = W - LABEL - 110;
  const max = Math.max(...items.map((i) => i.max ?? i.value)) || 1;
  const x = (v) => LABEL + (v / max) * PLOT;
  const H = TOP + items.length * ROW + 8;
  const body = items.map((it, i) => {
    const y = TOP + i * ROW;
    const whisker = it.min !== undefined && it.max !== undefined && it.max !== it.min
      ? `<line x1="${x(it.min)}" x2="${x(it.max)}" y1="${y + 9}" y2="${y + 9}" stroke="#222" stroke-width="1.5"/><line x1="${x(it.min)}" x2="${x(it.min)}" y1="${y + 4}" y2="${y + 14}" stroke="#222"/><line x1="${x(it.max)}" x2="${x(it.max)}" y1="${y + 4}" y2="${y + 14}" stroke="#222"/>`
      : '';
    const value = it.value >= 100 ? int(it.value) : it.value.toFixed(it.value < 1 ? 3 : 2);
    return `<text x="${LABEL - 8}" y="${y + 13}" text-anchor="end">${esc(it.label)}</text><rect x="${LABEL}" y="${y + 2}" width="${Math.max(1, x(it.value) - LABEL)}" height="${ROW - 8}" fill="${it.ours ? '#2f6fde' : '#9a9a9a'}"/>${whisker}<text x="${x(Math.max(it.value, it.max ?? 0)) + 6}" y="${y + 13}">${value}${it.wide ? ' ⚠' : ''}</text>`;
  }).join('');
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="12" role="img" aria-label="${esc(title)}"><text x="0" y="16" font-weight="bold" font-size="13">${esc(title)} (${esc(unit)})</text>${body}</svg></figure>`;
}

const item = (label, s, ours = true) => ({ label, value: s.median, min: s.min, max: s.max, wide: s.wide, ours });

/** The HTML report. */
export function htmlReport(r) {
  const ways = measured(r).map((k) => [k, WAYS[k].label]);
  const floored = ways.filter(([k]) => r.latency[k].p50_vs_floor);
  const lvl = Object.entries(r.scale.levels);
  const modes = Object.entries(r.webmcp.modes);
  const figures = [
    ['1. Bytes a page loads', [
      bars('gzip -9', 'bytes', r.sizes.map((s) => ({ label: s.label, value: s.gzip, ours: s.ours }))),
      bars('brotli -11', 'bytes', r.sizes.map((s) => ({ label: s.label, value: s.brotli, ours: s.ours }))),
    ]],
    ['2. Call latency and throughput, no-op tool', [
      bars('sequential p50', 'ms', ways.map(([k, l]) => item(l, r.latency[k].p50_ms, k.startsWith('bridge')))),
      bars('sequential p99', 'ms', ways.map(([k, l]) => item(l, r.latency[k].p99_ms, k.startsWith('bridge')))),
      bars('throughput at 32 concurrent', 'calls/s', ways.map(([k, l]) => item(l, r.latency[k].calls_per_s_at_32, k.startsWith('bridge')))),
      bars('p50 ÷ plain SDK server on the same transport (same run)', '×', ways.map(([k, l]) => item(l, r.latency[k].p50_vs_plain, k.startsWith('bridge')))),
      ...(floored.length ? [
        bars('p50 ÷ floor (same page, same run)', '×', floored.map(([k, l]) => item(l, r.latency[k].p50_vs_floor, k.startsWith('bridge')))),
        bars('calls/s at 32 ÷ floor (same page, same run)', '×', floored.map(([k, l]) => item(l, r.latency[k].throughput_vs_floor, k.startsWith('bridge')))),
      ] : []),
    ]],
    ['3. list_changed propagation (page registerTool → client notification)', [
      bars('p50 and p99', 'ms', Object.entries(r.listChanged).flatMap(([m, x]) => [item(`p50, ${m} page`, x.p50_ms), item(`p99, ${m} page`, x.p99_ms)])),
    ]],
    ['4. Scale', [
      bars('tools/list p50, pages × 20 tools', 'ms', lvl.map(([n, x]) => item(`${n} page(s)`, x.list_p50_ms))),
      bars('tools/list p99, pages × 20 tools', 'ms', lvl.map(([n, x]) => item(`${n} page(s)`, x.list_p99_ms))),
      bars('bridge resident memory', 'MiB', [{ label: 'idle', value: r.scale.idle_rss_mib, ours: true }, ...lvl.map(([n, x]) => item(`${n} page(s)`, x.rss_mib))]),
      bars('registerTool, 1,000 tools in one page', 'per s', modes.map(([m, x]) => item(m, x.register))),
      bars('getTools with 1,000 tools', 'per s', modes.map(([m, x]) => item(m, x.getTools))),
    ]],
    ['5. Validation cost', [
      bars('executeTool vs a direct call', 'µs per call', modes.flatMap(([m, x]) => [item(`schema validated, ${m}`, x.execValidated), item(`no schema, ${m}`, x.execUnvalidated), item(`direct call, ${m}`, x.execDirect, false)])),
    ]],
  ];
  const rows = tableRows(r).map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>webmcp-kit benchmark</title>
<style>body{font:14px system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#111}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}figure{margin:1em 0}.meta{color:#444}</style>
</head><body>
<h1>webmcp-kit benchmark</h1>
<p class="meta">${esc(describeRun(r))}</p>
<p>Bars: median of the runs; whiskers: min–max; ⚠: (max − min) / median &gt; 30 %, a wide spread. Blue: webmcp-kit; grey: baselines and alternatives. Every figure was measured in the same run on the same machine; compare ratios, not absolute numbers, across machines.</p>
${figures.map(([h, charts]) => `<h2>${esc(h)}</h2>\n${charts.join('\n')}`).join('\n')}
${floorRows(r).length ? `<h2>Against the floor</h2>\n<table><tr><th>Way</th><th>p50 ÷ floor, call by call</th><th>p50 ÷ floor, in blocks</th><th>calls/s ÷ floor</th><th>p50 ÷ plain</th><th>calls/s ÷ plain</th><th>p50 / calls/s ÷ our bridge</th><th>At goal</th></tr>\n${floorRows(r).map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n')}\n</table>` : ''}
<h2>All figures</h2>
<table><tr><th>Figure</th><th>Measure</th><th>Median (min–max)</th><th>Compared</th></tr>
${rows}
</table>
</body></html>
`;
}
