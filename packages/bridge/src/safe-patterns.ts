/**
 * @module
 * Page-supplied `pattern` and `patternProperties` keys run in linear time. JavaScript's `RegExp`
 * backtracks (`^(a+)+$` against 28 characters takes seconds, stalling every page and client), so
 * schemas are checked for RE2 syntax when a page registers a tool, and the validator's regular
 * expressions are evaluated by RE2 (`re2js`, pure JavaScript) while it runs.
 */
import { RE2JS } from 're2js';

const compiled = new Map<string, RE2JS>();

/** Compiles a JSON Schema pattern (JavaScript `u` syntax) with RE2; throws when RE2 cannot run it. */
function re2(pattern: string): RE2JS {
  let re = compiled.get(pattern);
  if (!re) {
    re = RE2JS.compile(RE2JS.translateRegExp(pattern));
    if (compiled.size > 5000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/** Stands in for `RegExp` inside the validator and the URI template matcher: RE2 semantics, only what they use. */
function LinearRegExp(pattern: string | RegExp): { test(input: string): boolean; source: string; [Symbol.match](input: string): Array<string | undefined> | null } {
  const source = typeof pattern === 'string' ? pattern : pattern.source;
  const re = re2(source);
  return {
    source,
    test: (input: string) => re.matcher(String(input)).find(),
    // `string.match(re)` calls this: the whole match, then each group (undefined when it did not take part).
    [Symbol.match]: (input: string) => {
      const m = re.matcher(String(input));
      if (!m.find()) return null;
      return Array.from({ length: re.groupCount() + 1 }, (_, i) => m.group(i) ?? undefined);
    },
  };
}

/**
 * Runs `validate` (synchronous) with `RegExp` evaluated by RE2. The JSON Schema validator builds
 * `new RegExp(pattern, 'u')` from schema text, the SDK's `UriTemplate.match` `new RegExp(pattern)`
 * from a page's template; regular-expression literals elsewhere are unaffected,
 * and nothing else can run while a synchronous call is on the stack.
 */
export function withLinearRegExp<T>(validate: () => T): T {
  const native = globalThis.RegExp;
  globalThis.RegExp = LinearRegExp as unknown as RegExpConstructor;
  try {
    return validate();
  } finally {
    globalThis.RegExp = native;
  }
}

/**
 * Finds the first `pattern` (or `patternProperties` key) in `schema` that RE2 cannot compile and
 * says where, e.g. `properties.code.pattern "(?=x)": invalid or unsupported Perl syntax`.
 */
export function unsupportedPattern(schema: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[schema, '']];
  while (stack.length) {
    const [node, path] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const at = (key: string) => (path ? `${path}.${key}` : key);
    if (!Array.isArray(node)) {
      const { pattern, patternProperties } = node as Record<string, unknown>;
      const candidates: Array<[string, string]> = [];
      if (typeof pattern === 'string') candidates.push([pattern, at('pattern')]);
      if (patternProperties && typeof patternProperties === 'object' && !Array.isArray(patternProperties)) {
        for (const key of Object.keys(patternProperties)) candidates.push([key, `${at('patternProperties')}[${JSON.stringify(key)}]`]);
      }
      for (const [p, where] of candidates) {
        try {
          re2(p);
        } catch (e) {
          return `${where} ${JSON.stringify(p.slice(0, 100))} is not supported: only RE2 syntax (no lookaround or backreferences) is allowed (${(e as Error).message})`;
        }
      }
    }
    for (const [key, child] of Object.entries(node)) stack.push([child, at(key)]);
  }
  return undefined;
}
