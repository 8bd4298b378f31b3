// Shared by the benchmark scripts: Chromium launch options (from e2e/support/chromium.mjs), statistics, child processes, settings (full or quick).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The project's one Chromium finder, shared with every test runner. */
export { chromiumLaunchOptions } from '../e2e/support/chromium.mjs';

/** True when this module is the script node was started with (each bench file stays runnable alone). */
export const isMain = (url) => process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === url;

/**
 * Iteration counts. Full: what the issue asks (5 runs, 5,000-call warm-up, 2,000 sequential calls).
 * BENCH_QUICK=1: small counts for developing the scripts; its numbers are not for publishing.
 */
export function settings() {
  const quick = process.env.BENCH_QUICK === '1';
  const num = (name, full, small) => Number(process.env[name] ?? (quick ? small : full));
  return {
    quick,
    runs: num('BENCH_RUNS', 5, 3),
    warmup: num('BENCH_WARMUP', 5000, 200),
    sequential: num('BENCH_SEQ', 2000, 200),
    concurrentTotal: num('BENCH_CONC_TOTAL', 3200, 320),
    pairs: num('BENCH_PAIRS', 1000, 100),
    concurrency: 32,
    listChangedSamples: num('BENCH_LIST_CHANGED', 50, 10),
    listCalls: num('BENCH_LIST_CALLS', 200, 20),
    execCalls: num('BENCH_EXEC_CALLS', 2000, 200),
  };
}

/** Percentile by nearest rank on a copy. */
export function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))];
}

/** A figure whose (max − min) / median exceeds this is flagged as having a wide spread. */
export const WIDE_SPREAD = 0.3;

/** Median, min and max of repeated runs, with the raw runs and a wide-spread flag. */
export function summarize(runs) {
  const v = runs.filter((x) => typeof x === 'number' && Number.isFinite(x));
  if (!v.length) return { median: null, min: null, max: null, runs: [], wide: false };
  const s = [...v].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  const r = (x) => Math.round(x * 1000) / 1000;
  return { median: r(median), min: r(s[0]), max: r(s.at(-1)), runs: v.map(r), wide: median !== 0 && (s.at(-1) - s[0]) / Math.abs(median) > WIDE_SPREAD };
}

/** Rejects when `promise` takes longer than `ms` (every wait in the bench has a bound). */
export function within(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms))),
  ]);
}

/** Starts a Node child and resolves with the captures of `re` in the given stream (first as `match`), then stops reading it. */
export function child(args, stream, re) {
  const proc = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  return within(new Promise((resolve, reject) => {
    let buf = '';
    const on = (d) => {
      buf += d;
      const m = re.exec(buf);
      if (m) {
        proc[stream].off('data', on);
        proc[stream].resume();
        resolve({ proc, match: m[1], groups: m.slice(1) });
      }
    };
    proc[stream].on('data', on);
    (stream === 'stderr' ? proc.stdout : proc.stderr).resume();
    proc.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${buf}`)));
  }), 30_000, `starting ${args[0]}`);
}

/** Resident memory of a process in MiB (Linux /proc). */
export function rssMiB(pid) {
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 102.4) / 10;
}

/** Writes a JSON result file under bench/results/. */
export function writeResult(name, data) {
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL(`./results/${name}`, import.meta.url), typeof data === 'string' ? data : `${JSON.stringify(data, null, 2)}\n`);
}

/** "median (min–max)" with a ⚠ when the spread is wide. */
export function cell(s, digits = 2) {
  if (!s || s.median === null) return 'n/a';
  const f = (x) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(digits));
  return `${f(s.median)} (${f(s.min)}–${f(s.max)})${s.wide ? ' ⚠' : ''}`;
}
