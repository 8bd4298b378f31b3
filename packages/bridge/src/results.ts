/** @module Turning a page tool's `executeTool` string into an MCP `CallToolResult`, within bounds. */
import { CallToolResultSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { textProblem, valueProblem } from './json-limits';
import type { CallOutcome } from './page-tools';
import type { WireTool } from './protocol';
import { validateAgainst } from './validation';

const RESULT_KEYS = new Set(['content', 'structuredContent', 'isError', '_meta']);

// A result built here around one string (three levels deep): sent without a depth walk. Known by
// its class, not by a WeakSet entry, which cost every call a write barrier and left the garbage
// collector ephemerons to clear.
class TextResult {
  [key: string]: unknown;
  declare isError?: true;
  declare content: [{ type: 'text'; text: string }];

  constructor(text: string, isError?: true) {
    if (isError) this.isError = true;
    this.content = [{ type: 'text', text }];
  }
}

/** An `isError` result carrying `text`. */
export function errorResult(message: string): CallToolResult {
  return new TextResult(message, true);
}

/** Why `result` may not be sent (nested too deep), or undefined; a text result built here is not walked. */
export function resultProblem(result: CallToolResult, what: string): string | undefined {
  return result instanceof TextResult ? undefined : valueProblem(result, what);
}

function parseObject(value: string): Record<string, unknown> | undefined {
  if (!value.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Converts the string a page tool produced. JSON of an object whose keys are all MCP result keys
 * (`content`, `structuredContent`, `isError`, `_meta`) passes through; when the tool declares an
 * `outputSchema`, any other JSON object becomes `structuredContent`; everything else is text.
 */
export function toCallResult(value: string | null, label: string, hasOutputSchema: boolean): CallToolResult {
  const text = value ?? '';
  const obj = parseObject(text);
  if (obj && Object.keys(obj).length > 0 && Object.keys(obj).every((k) => RESULT_KEYS.has(k))) {
    const candidate = { ...obj };
    if (candidate.content === undefined) {
      candidate.content =
        candidate.structuredContent === undefined ? [] : [{ type: 'text', text: JSON.stringify(candidate.structuredContent) }];
    }
    const parsed = CallToolResultSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : '(root)';
      return errorResult(`${label} returned a malformed MCP result: ${where}: ${issue?.message ?? 'invalid'}`);
    }
    return candidate as CallToolResult;
  }
  if (obj && hasOutputSchema) return { content: [{ type: 'text', text }], structuredContent: obj };
  return new TextResult(text);
}

/**
 * The answer to a call from what its page returned: over `maxResultBytes` or too deep is refused
 * (`refused` names the limit; the call still gets an error result), a declared `outputSchema` is
 * enforced, anything else goes through {@link toCallResult}.
 */
export function settleResult(raw: unknown, label: string, tool: WireTool | undefined, maxResultBytes: number): { result: CallToolResult; outcome: CallOutcome; refused?: string } {
  const value = typeof raw === 'string' ? raw : null;
  const bytes = value === null ? 0 : Buffer.byteLength(value);
  const refused =
    bytes > maxResultBytes
      ? `${label} returned ${bytes} bytes, over the bridge's ${maxResultBytes}-byte result limit (maxResultBytes)`
      : value === null
        ? undefined
        : textProblem(value, `The result of ${label}`);
  if (refused) return { result: errorResult(refused), outcome: 'too_large', refused };
  const result = toCallResult(value, label, tool?.outputSchema !== undefined);
  if (tool?.outputSchema && !result.isError) {
    const problem = result.structuredContent
      ? validateAgainst(tool.outputSchema as object, result.structuredContent)
      : 'no structuredContent although the tool declares an outputSchema';
    if (problem) return { result: errorResult(`${label} returned an invalid result: ${problem}`), outcome: 'tool_error' };
  }
  return { result, outcome: result.isError ? 'tool_error' : 'ok' };
}
