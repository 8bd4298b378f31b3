/**
 * @module
 * Page-supplied resource templates (RFC 6570), matched safely. The SDK's `UriTemplate` turns a
 * template into a JavaScript regular expression; adjacent expressions (`{+a}{+b}{+c}…` → `(.+)(.+)(.+)…`)
 * backtrack polynomially, so a hostile template could stall the bridge on one `resources/read`.
 * Templates, their expressions and the URIs matched are bounded, and the match runs on RE2 (linear).
 */
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import { withLinearRegExp } from './safe-patterns';

/** Longest resource template accepted from a page. */
export const MAX_TEMPLATE_CHARS = 1024;
/** Most `{…}` expressions in one template. */
export const MAX_TEMPLATE_EXPRESSIONS = 16;
/** Longest resource URI the bridge reads or subscribes to. */
export const MAX_URI_CHARS = 4096;

/** A page's template, parsed once. */
export interface CompiledTemplate {
  template: UriTemplate;
  /** The variable names, e.g. `['id']` for `test://template/{id}/data`. */
  variables: string[];
  /** The literal text before the first expression: a URI not starting with it cannot match. */
  prefix: string;
}

/** Parses a page's template, or says why it is refused (over a bound, or malformed). */
export function compileTemplate(text: string): CompiledTemplate | string {
  if (text.length > MAX_TEMPLATE_CHARS) return `uriTemplate is ${text.length} characters, over ${MAX_TEMPLATE_CHARS}`;
  const expressions = text.split('{').length - 1;
  if (expressions > MAX_TEMPLATE_EXPRESSIONS) return `uriTemplate has ${expressions} expressions, over ${MAX_TEMPLATE_EXPRESSIONS}`;
  if (!UriTemplate.isTemplate(text)) return 'uriTemplate has no {variable} expression';
  try {
    const template = new UriTemplate(text);
    return { template, variables: [...new Set(template.variableNames)], prefix: text.slice(0, text.indexOf('{')) };
  } catch (e) {
    return `uriTemplate is malformed: ${(e as Error).message}`;
  }
}

/** The variables of `uri` under `compiled` (a list value joined with commas), or undefined when it does not match. */
export function matchTemplate(compiled: CompiledTemplate, uri: string): Record<string, string> | undefined {
  if (uri.length > MAX_URI_CHARS || !uri.startsWith(compiled.prefix)) return undefined;
  let found: ReturnType<UriTemplate['match']>;
  try {
    found = withLinearRegExp(() => compiled.template.match(uri));
  } catch {
    return undefined;
  }
  if (!found) return undefined;
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(found)) vars[k] = Array.isArray(v) ? v.join(',') : String(v);
  return vars;
}
