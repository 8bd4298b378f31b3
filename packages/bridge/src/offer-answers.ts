/**
 * @module
 * Checks what a page answers to an offer request before any client sees it: bounded in depth and
 * size like a tool result, then validated with the SDK's own schemas. A problem is said as
 * `<where>: <what>` so the client's error and the page's warning point at the field.
 */
import { CompleteResultSchema, GetPromptResultSchema, ReadResourceResultSchema, type GetPromptResult, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { stringifyBounded } from './json-limits';

/** Most completion values a client gets (MCP's own cap). */
export const MAX_COMPLETION_VALUES = 100;

type Checked<T> = { ok: T } | { problem: string };

function bounded(value: unknown, maxBytes: number): string | undefined {
  const text = stringifyBounded(value);
  if (text === undefined) return 'the answer nests too deep or is not JSON (limit maxJsonDepth 64)';
  const bytes = Buffer.byteLength(text);
  return bytes > maxBytes ? `the answer is ${bytes} bytes, over the bridge's ${maxBytes}-byte limit (maxResultBytes)` : undefined;
}

/** The part of a zod schema used here (the SDK's schemas; zod is not a dependency of the bridge). */
interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
}

function check<T>(schema: Schema<T>, value: unknown): Checked<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.map(String).join('.') || '(root)';
  return { problem: `${where}: ${issue?.message ?? 'invalid'}` };
}

/** A page's `GetPromptResult`, or what is wrong with it. */
export function checkPromptAnswer(value: unknown, maxBytes: number): Checked<GetPromptResult> {
  const over = bounded(value, maxBytes);
  if (over) return { problem: over };
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { problem: '(root): expected a GetPromptResult object' };
  return check<GetPromptResult>(GetPromptResultSchema as never, value);
}

/** A page's resource contents (an array), or what is wrong with them. */
export function checkReadAnswer(value: unknown, maxBytes: number): Checked<ReadResourceResult['contents']> {
  const over = bounded(value, maxBytes);
  if (over) return { problem: over };
  if (!Array.isArray(value)) return { problem: '(root): expected an array of resource contents' };
  const checked = check<ReadResourceResult>(ReadResourceResultSchema as never, { contents: value });
  return 'ok' in checked ? { ok: checked.ok.contents } : checked;
}

/** A page's completion values as MCP's `completion` (first 100, `total`, `hasMore`), or what is wrong with them. */
export function checkCompletionAnswer(value: unknown, maxBytes: number): Checked<{ values: string[]; total: number; hasMore: boolean }> {
  const over = bounded(value, maxBytes);
  if (over) return { problem: over };
  if (!Array.isArray(value)) return { problem: '(root): expected an array of strings' };
  const bad = value.findIndex((v) => typeof v !== 'string');
  if (bad >= 0) return { problem: `${bad}: expected a string, got ${value[bad] === null ? 'null' : typeof value[bad]}` };
  const completion = { values: (value as string[]).slice(0, MAX_COMPLETION_VALUES), total: value.length, hasMore: value.length > MAX_COMPLETION_VALUES };
  const checked = check<unknown>(CompleteResultSchema as never, { completion });
  return 'ok' in checked ? { ok: completion } : checked;
}
