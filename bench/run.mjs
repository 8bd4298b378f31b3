// `npm run bench`: every figure in one run on one machine. Prints one table, writes
// bench/results/latest.json and bench/results/report.html (SVG charts, no network) and the table
// into bench/README.md; a BENCH_QUICK=1 run writes quick.json and report-quick.html only.
// Usage: npm run bench   (or: npm run build && node bench/run.mjs; BENCH_QUICK=1 for small counts)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { runLatency, runScale } from './bridge.mjs';
import { describeRun, floorTable, htmlReport, markdownTable } from './report.mjs';
import { measureSizes } from './sizes.mjs';
import { settings, writeResult } from './support.mjs';
import { runWebmcpBench } from './webmcp.mjs';

/** Puts the table of a full run into bench/README.md between its results markers. */
function updateReadme(results) {
  if (results.meta.settings.quick) return;
  const url = new URL('./README.md', import.meta.url);
  const readme = readFileSync(url, 'utf8');
  const floor = floorTable(results);
  const block = `<!-- results:start (written by npm run bench) -->\n${describeRun(results)}\n\n${floor ? `${floor}\n\n` : ''}${markdownTable(results)}\n<!-- results:end -->`;
  writeFileSync(url, readme.replace(/<!-- results:start[\s\S]*?<!-- results:end -->/, block));
}

// `--render`: only re-render the table and the HTML report from bench/results/latest.json.
if (process.argv.includes('--render')) {
  const saved = JSON.parse(readFileSync(new URL('./results/latest.json', import.meta.url), 'utf8'));
  console.log(`${describeRun(saved)}\n\n${markdownTable(saved)}\n\n${floorTable(saved)}`);
  writeResult('report.html', htmlReport(saved));
  updateReadme(saved);
  process.exit(0);
}

const started = performance.now();
const cfg = settings();
const version = (pkg) => JSON.parse(readFileSync(new URL(`../node_modules/${pkg}/package.json`, import.meta.url), 'utf8')).version;
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: new URL('..', import.meta.url), encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const load = () => loadavg().map((x) => x.toFixed(2));
const loadBefore = load();
const log = (what) => console.error(`[bench] ${what} (${Math.round((performance.now() - started) / 1000)} s)`);

log('1 sizes');
const sizes = await measureSizes();
log('2+3 call latency, list_changed');
const { latency, listChanged, chromium } = await runLatency(cfg);
log('4 scale: pages');
const scale = await runScale(cfg);
log('4+5 scale: 1,000 tools; validation');
const webmcp = await runWebmcpBench(cfg);

const results = {
  meta: {
    date: new Date().toISOString(),
    commit,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadBefore,
    loadAfter: load(),
    durationS: Math.round((performance.now() - started) / 1000),
    settings: cfg,
    wideSpread: '(max − min) / median > 0.3',
    versions: {
      node: process.version,
      chromium,
      playwright: version('playwright'),
      '@modelcontextprotocol/sdk': version('@modelcontextprotocol/sdk'),
      '@webmcp-kit/webmcp': version('@webmcp-kit/webmcp'),
      '@webmcp-kit/bridge': version('@webmcp-kit/bridge'),
      '@webmcp-kit/app-host': version('@webmcp-kit/app-host'),
      '@mcp-b/webmcp-polyfill': version('@mcp-b/webmcp-polyfill'),
      '@mcp-b/global': version('@mcp-b/global'),
      '@mcp-b/webmcp-local-relay': version('@mcp-b/webmcp-local-relay'),
    },
  },
  sizes,
  latency,
  listChanged,
  scale,
  webmcp,
};
console.log(describeRun(results));
console.log('Median (min–max) over the runs; ⚠ = wide spread; ratios are taken per run against the plain SDK server on the same transport, and the floor on the same page, measured in the same run.\n');
console.log(markdownTable(results));
// Last, so it is what the terminal shows: the bridge against the floor.
console.log(`\n${floorTable(results)}`);
// A quick run never replaces the tracked results of a full run.
const [json, html] = cfg.quick ? ['quick.json', 'report-quick.html'] : ['latest.json', 'report.html'];
writeResult(json, results);
writeResult(html, htmlReport(results));
updateReadme(results);
console.log(`\nwrote bench/results/${json} and bench/results/${html}`);
