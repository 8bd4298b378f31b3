/**
 * @module
 * Depth and size bounds for JSON that crosses a boundary (page frames, client requests, tool
 * results, schemas). `JSON.parse` and `JSON.stringify` recurse: a value nested a few thousand levels
 * deep overflows the stack, so depth is measured without recursion before either is called.
 */

/** Deepest nesting of arrays and objects accepted in any JSON crossing a boundary. */
export const MAX_JSON_DEPTH = 64;

/**
 * Nesting depth of JSON text, by a linear bracket scan that skips strings (so it is safe before
 * `JSON.parse`). Stops counting once past `limit` and returns `limit + 1`.
 */
export function textDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max && (max = depth) > limit) return limit + 1;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/**
 * {@link textDepth} of UTF-8 bytes, without decoding them: quotes, backslashes and brackets are
 * ASCII, and no byte of a multi-byte UTF-8 sequence is, so the scan finds the same structure.
 */
export function utf8Depth(bytes: Uint8Array, start = 0, end = bytes.length, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max && (max = depth) > limit) return limit + 1;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** Nesting depth of a value, iteratively (a cycle counts as too deep). Stops once past `limit`. */
export function valueDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  if (value === null || typeof value !== 'object') return 0;
  // A flat object (most tool arguments, `{}`) is one level, found without the walk's allocations.
  if (!Array.isArray(value) && limit >= 1 && isFlat(value)) return 1;
  const stack: Array<[object, number]> = [[value, 1]];
  let max = 0;
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > max && (max = depth) > limit) return limit + 1;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return max;
}

function isFlat(value: object): boolean {
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) return false;
    const v = (value as Record<string, unknown>)[key];
    if (v !== null && typeof v === 'object') return false;
  }
  return true;
}

/** Why `text` may not be parsed (too deep), or undefined. */
export function textProblem(text: string, what: string, limit = MAX_JSON_DEPTH): string | undefined {
  // Each level takes a bracket: text no longer than the limit cannot nest past it (most frames).
  return text.length > limit && textDepth(text, limit) > limit ? tooDeep(what, limit) : undefined;
}

/** The message for JSON of `what` nested past `limit`. */
export const tooDeep = (what: string, limit = MAX_JSON_DEPTH): string => `${what} nests deeper than ${limit} levels (limit maxJsonDepth ${limit})`;

/** Why `value` may not be serialized (too deep), or undefined. */
export function valueProblem(value: unknown, what: string, limit = MAX_JSON_DEPTH): string | undefined {
  return valueDepth(value, limit) > limit ? `${what} nests deeper than ${limit} levels (limit maxJsonDepth ${limit})` : undefined;
}

/** `JSON.parse` after a depth check; throws a `RangeError` naming the limit instead of overflowing. */
export function parseBounded(text: string, what: string, limit = MAX_JSON_DEPTH): unknown {
  const problem = textProblem(text, what, limit);
  if (problem) throw new RangeError(problem);
  return JSON.parse(text);
}

/** `JSON.stringify` of untrusted data, or undefined when it is too deep (or otherwise unserializable). */
export function stringifyBounded(value: unknown, limit = MAX_JSON_DEPTH): string | undefined {
  if (valueDepth(value, limit) > limit) return undefined;
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
