/** @module Structured JSON log lines (stderr by default; stdout stays free for stdio MCP). */

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

/** Writes one JSON line per entry to stderr. */
export const stderrSink: LogSink = (entry) => {
  process.stderr.write(`${JSON.stringify(entry)}\n`);
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
