/**
 * @module
 * What a running page call tells its caller: the bridge's idle heartbeat, and the tool's own
 * `reportProgress`/`log` frames, checked, bounded and rate limited per call before they become
 * `notifications/progress` and `notifications/message`.
 */
import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import type { ClientAsk } from './client-requests';
import { valueDepth } from './json-limits';
import type { PageMessage } from './protocol';

/** MCP logging levels, least severe first. */
export const LOG_LEVELS: readonly LoggingLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

/** Bounds on what one call may send its caller. */
export const NOTIFY_LIMITS = {
  /** Notifications (progress and log together) a call may send at once… */
  burst: 50,
  /** …and per second after that; the rest are dropped. */
  perSecond: 20,
  /** Longest log `data`, as JSON characters. */
  maxLogChars: 16_384,
  /** Deepest log `data`. */
  maxLogDepth: 16,
  /** Longest progress `message`, in characters (longer ones are cut). */
  maxMessageChars: 1_000,
} as const;

const MAX_REPORTED_REFUSALS = 3;

/** Where a call's notifications go (set by the MCP session that made the call). */
export interface CallSink {
  /** Set when the caller gave a progress token. */
  progress?: (progress: number, total?: number, message?: string) => void;
  /** Log messages; the session filters them by its `logging/setLevel` level. */
  log?: (level: LoggingLevel, data: unknown) => void;
  /** Requests to the calling client (`client.sample`/`client.elicit`). */
  ask?: ClientAsk;
}

/** A call's notifications: created when the call starts, stopped when it finishes. */
export interface CallNotifier {
  /** A bridge status (the heartbeat, or waiting for the user); silent once the page reports progress. */
  heartbeat(message: string): void;
  /** A `progress` or `log` frame of this call; returns why it was refused, if it was. */
  fromPage(msg: Extract<PageMessage, { t: 'progress' | 'log' }>): string | undefined;
  stop(): void;
}

/**
 * Creates a call's notifier. Progress values must increase (as MCP requires); heartbeats count
 * 1, 2, 3… until the page reports progress of its own, which then goes out offset by the heartbeats
 * already sent (so the stream still increases) and ends the heartbeat.
 */
export function createCallNotifier(sink: CallSink, intervalMs: number, status: () => string, now: () => number = Date.now): CallNotifier {
  let beats = 0;
  let offset: number | undefined;
  let last = -Infinity;
  let tokens: number = NOTIFY_LIMITS.burst;
  let refilled = now();
  let stopped = false;
  let limited = false;
  let refusals = 0;
  const timer = sink.progress ? setInterval(() => notifier.heartbeat(status()), intervalMs) : undefined;
  timer?.unref?.();

  const take = (): boolean => {
    const t = now();
    tokens = Math.min(NOTIFY_LIMITS.burst, tokens + ((t - refilled) / 1000) * NOTIFY_LIMITS.perSecond);
    refilled = t;
    if (tokens < 1) return false;
    tokens--;
    return true;
  };

  const notifier: CallNotifier = {
    heartbeat(message) {
      if (stopped || offset !== undefined || !sink.progress) return;
      sink.progress(++beats, undefined, message);
    },
    fromPage(msg) {
      if (stopped) return undefined;
      const problem = msg.t === 'progress' ? checkProgress(msg, last) : checkLog(msg);
      // Only the first few refusals are reported: a page repeating one mistake cannot flood the logs.
      if (problem) return ++refusals <= MAX_REPORTED_REFUSALS ? problem : undefined;
      if (!take()) {
        if (limited) return undefined;
        limited = true;
        return `notifications over the rate limit (${NOTIFY_LIMITS.burst} at once, then ${NOTIFY_LIMITS.perSecond} per second per call) are dropped`;
      }
      if (msg.t === 'log') return void sink.log?.(msg.level as LoggingLevel, msg.data);
      last = msg.progress;
      if (!sink.progress) return undefined;
      if (offset === undefined) {
        offset = beats;
        clearInterval(timer);
      }
      const message = typeof msg.message === 'string' ? msg.message.slice(0, NOTIFY_LIMITS.maxMessageChars) : undefined;
      sink.progress(msg.progress + offset, msg.total === undefined ? undefined : msg.total + offset, message);
      return undefined;
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
  return notifier;
}

function checkProgress(msg: Extract<PageMessage, { t: 'progress' }>, last: number): string | undefined {
  const { progress, total, message } = msg;
  if (typeof progress !== 'number' || !Number.isFinite(progress)) return `reportProgress(progress): progress must be a finite number; got ${describe(progress)}`;
  if (progress <= last) return `reportProgress(progress): progress must increase with each call; got ${progress} after ${last}`;
  if (total != null && (typeof total !== 'number' || !Number.isFinite(total))) return `reportProgress(progress, total): total must be a finite number; got ${describe(total)}`;
  if (message != null && typeof message !== 'string') return `reportProgress(progress, total, message): message must be a string; got ${describe(message)}`;
  return undefined;
}

function checkLog(msg: Extract<PageMessage, { t: 'log' }>): string | undefined {
  if (!LOG_LEVELS.includes(msg.level as LoggingLevel)) return `log(level): level must be one of ${LOG_LEVELS.join(', ')}; got ${describe(msg.level)}`;
  if (msg.data === undefined) return 'log(level, data): data is missing';
  if (valueDepth(msg.data, NOTIFY_LIMITS.maxLogDepth) > NOTIFY_LIMITS.maxLogDepth) {
    return `log(level, data): data nests deeper than ${NOTIFY_LIMITS.maxLogDepth} levels`;
  }
  const chars = JSON.stringify(msg.data).length;
  if (chars > NOTIFY_LIMITS.maxLogChars) return `log(level, data): data is ${chars} characters of JSON, over the ${NOTIFY_LIMITS.maxLogChars}-character limit`;
  return undefined;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : value === null ? 'null' : typeof value === 'number' ? String(value) : typeof value;
}
