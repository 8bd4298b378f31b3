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

/** Writes one JSON line per entry to stderr (fields too deep to serialize are left out, never thrown). */
export const stderrSink: LogSink = (entry) => {
  let line = stringifyBounded(entry);
  if (line === undefined) {
    const flat = Object.entries(entry).filter(([, v]) => v === null || typeof v !== 'object');
    line = JSON.stringify({ ...Object.fromEntries(flat), omitted: 'nested fields too deep to log' });
  }
  process.stderr.write(`${line}\n`);
};

/** A logging function bound to a sink and a minimum level. */
export type Logger = (entry: LogEntry) => void;

/** Creates a {@link Logger}. */
export function createLogger(sink: LogSink = stderrSink, level: LogLevel = 'info'): Logger {
  const min = RANK[level];
  return (entry) => {
    if (RANK[entry.level] >= min) sink({ time: new Date().toISOString(), ...entry });
  };
}
