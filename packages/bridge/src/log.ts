/** @module Structured JSON log lines (stderr by default; stdout stays free for stdio MCP). */
import { stringifyBounded } from './json-limits';

/** Log severities, least to most severe. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One structured log entry. Never carries tokens; tool arguments only when opted in. */
export interface LogEntry {
  level: LogLevel;
  msg: string;
  [field: string]: unknown;
}

/** Receives every log entry at or above the configured level. */
export type LogSink = (entry: LogEntry & { time: string }) => void;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Lines are kept in order and leave together, at most LOG_FLUSH_MS after the first of them (and
// all at exit): one write per call, to a pipe whose reader it wakes, cost a stdio call about 5 % of
// its time and put a syscall before the answer.
const LOG_FLUSH_MS = 25;
const LOG_FLUSH_LINES = 1000;
// A line, an entry with its time, or (the default logger's) an entry and when it was logged: the
// line is built when the batch is written, not while a call waits for its answer.
class Logged {
  constructor(
    readonly at: number,
    readonly entry: LogEntry,
  ) {}
}
type Queued = string | LogEntry | Logged;
let queued: Queued[] = [];
let exitHooked = false;
// One interval while lines keep coming, stopped at the first tick with none (a timer made afresh
// per batch cost a busy bridge more than the batching saved).
let flushTimer: NodeJS.Timeout | undefined;

function tick(): void {
  if (queued.length) return flush();
  clearInterval(flushTimer);
  flushTimer = undefined;
}

function flush(): void {
  if (!queued.length) return;
  const batch = queued;
  queued = [];
  let text = '';
  for (const e of batch) text += typeof e === 'string' ? e : `${e instanceof Logged ? formatLogged(e) : format(e)}\n`;
  process.stderr.write(text);
}

let lastAt = NaN;
let lastTime = '';

/** `{"time":…, …entry}`; a flat entry (every field a primitive, as every audit line) skips the depth walk and the copy. */
function formatLogged({ at, entry }: Logged): string {
  if (at !== lastAt) {
    lastAt = at;
    lastTime = new Date(at).toISOString();
  }
  let flat = !('time' in entry);
  if (flat) {
    for (const key in entry) {
      const v = entry[key];
      if (v !== null && typeof v === 'object') {
        flat = false;
        break;
      }
    }
  }
  // A flat entry cannot be too deep; a BigInt (which JSON.stringify refuses) falls back below.
  if (flat) {
    try {
      return `{"time":"${lastTime}",${JSON.stringify(entry).slice(1)}`;
    } catch {
      // formatted below
    }
  }
  return format({ time: lastTime, ...entry });
}

function format(entry: LogEntry): string {
  const line = stringifyBounded(entry);
  if (line !== undefined) return line;
  const flat = Object.entries(entry).filter(([, v]) => v === null || typeof v !== 'object');
  return JSON.stringify({ ...Object.fromEntries(flat), omitted: 'nested fields too deep to log' });
}

function enqueue(item: Queued): void {
  if (!exitHooked) {
    exitHooked = true;
    process.on('exit', flush);
  }
  flushTimer ??= setInterval(tick, LOG_FLUSH_MS).unref();
  if (queued.push(item) >= LOG_FLUSH_LINES) flush();
}

/** Writes `text` to stderr now, after the log lines still queued (start-up banner, warnings). */
export function writeStderr(text: string): void {
  enqueue(text);
  flush();
}

/** Writes one JSON line per entry to stderr (fields too deep to serialize are left out, never thrown). */
export const stderrSink: LogSink = (entry) => enqueue(entry);

/** A logging function bound to a sink and a minimum level. */
export type Logger = (entry: LogEntry) => void;

/** Creates a {@link Logger}. */
export function createLogger(sink: LogSink = stderrSink, level: LogLevel = 'info'): Logger {
  const min = RANK[level];
  if (sink === stderrSink) {
    return (entry) => {
      if (RANK[entry.level] >= min) enqueue(new Logged(Date.now(), entry));
    };
  }
  return (entry) => {
    if (RANK[entry.level] >= min) sink({ time: new Date().toISOString(), ...entry });
  };
}
