/**
 * @module
 * What the hub accepts of a page's prompts, resources and templates: well-formed entries, bounded
 * in count and length, before any client sees them. What is dropped is said to the page and the log.
 */
import type { WireOfferedResource, WirePrompt, WireTemplate } from './protocol';
import { valueProblem } from './json-limits';
import { clip } from './page-tools';
import { TOOL_NAME_PATTERN } from './tool-names';
import { compileTemplate, MAX_URI_CHARS, type CompiledTemplate } from './uri-templates';

/** Most prompts, resources or templates the bridge takes from one page (each); the rest are dropped with a warning. */
export const MAX_OFFERS_PER_PAGE = 1000;
/** Most arguments of one prompt. */
export const MAX_PROMPT_ARGUMENTS = 64;
const MAX_TEXT = 10_000;

/** A template accepted from a page, with its parsed form. */
export interface AcceptedTemplate extends WireTemplate {
  compiled: CompiledTemplate;
  complete: string[];
}

/** A prompt accepted from a page. */
export interface AcceptedPrompt extends WirePrompt {
  arguments: NonNullable<WirePrompt['arguments']>;
  complete: string[];
}

/** A page's accepted offers. */
export interface PageOfferLists {
  prompts: AcceptedPrompt[];
  resources: WireOfferedResource[];
  templates: AcceptedTemplate[];
}

/** An empty {@link PageOfferLists}. */
export const NO_OFFERS: PageOfferLists = { prompts: [], resources: [], templates: [] };

const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, MAX_TEXT) : undefined);
const names = (v: unknown) => (Array.isArray(v) ? v.filter((n): n is string => typeof n === 'string').slice(0, MAX_PROMPT_ARGUMENTS) : []);

/** Copies the optional listing fields that are well-formed (strings clipped, `_meta` an object of bounded depth). */
function infoOf(o: Record<string, unknown>): { title?: string; description?: string; mimeType?: string; _meta?: Record<string, unknown> } {
  const out: { title?: string; description?: string; mimeType?: string; _meta?: Record<string, unknown> } = {};
  const title = text(o.title);
  const description = text(o.description);
  const mimeType = typeof o.mimeType === 'string' ? o.mimeType.slice(0, 200) : undefined;
  if (title !== undefined) out.title = title;
  if (description !== undefined) out.description = description;
  if (mimeType !== undefined) out.mimeType = mimeType;
  const meta = o._meta;
  if (meta && typeof meta === 'object' && !Array.isArray(meta) && !valueProblem(meta, '_meta', 16)) out._meta = meta as Record<string, unknown>;
  return out;
}

function promptOf(o: Record<string, unknown>): AcceptedPrompt | string {
  if (typeof o.name !== 'string' || !TOOL_NAME_PATTERN.test(o.name)) return 'name must match [A-Za-z0-9_.-]{1,128}';
  const args = o.arguments === undefined ? [] : o.arguments;
  if (!Array.isArray(args) || args.length > MAX_PROMPT_ARGUMENTS) return `arguments must be an array of at most ${MAX_PROMPT_ARGUMENTS}`;
  const accepted: AcceptedPrompt['arguments'] = [];
  for (const a of args as Array<Record<string, unknown>>) {
    if (!a || typeof a.name !== 'string' || !a.name || a.name.length > 128) return 'every argument needs a name (1-128 characters)';
    if (accepted.some((b) => b.name === a.name)) return `argument "${a.name}" is listed twice`;
    const { title, description } = infoOf(a);
    accepted.push({ name: a.name, ...(title === undefined ? {} : { title }), ...(description === undefined ? {} : { description }), ...(a.required === true ? { required: true } : {}) });
  }
  const { mimeType: _m, _meta: _x, ...info } = infoOf(o);
  return { name: o.name, ...info, arguments: accepted, complete: names(o.complete) };
}

function resourceOf(o: Record<string, unknown>): WireOfferedResource | string {
  if (typeof o.uri !== 'string' || !o.uri || o.uri.length > MAX_URI_CHARS || !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(o.uri)) {
    return `uri must be an absolute URI of at most ${MAX_URI_CHARS} characters`;
  }
  const size = typeof o.size === 'number' && Number.isSafeInteger(o.size) && o.size >= 0 ? { size: o.size } : {};
  return { uri: o.uri, name: clip(o.name, 300) || o.uri.slice(0, 300), ...infoOf(o), ...size };
}

function templateOf(o: Record<string, unknown>): AcceptedTemplate | string {
  if (typeof o.uriTemplate !== 'string') return 'uriTemplate must be a string';
  const compiled = compileTemplate(o.uriTemplate);
  if (typeof compiled === 'string') return compiled;
  return { uriTemplate: o.uriTemplate, name: clip(o.name, 300) || o.uriTemplate.slice(0, 300), ...infoOf(o), compiled, complete: names(o.complete) };
}

/**
 * Keeps the well-formed offers of a page's `offers` message (at most {@link MAX_OFFERS_PER_PAGE}
 * of each kind, first of a duplicate key) and says what was dropped and why.
 */
export function acceptOffers(msg: Record<string, unknown>): { lists: PageOfferLists; warnings: string[] } {
  const warnings: string[] = [];
  const take = <T>(raw: unknown, kind: string, key: (o: Record<string, unknown>) => string, check: (o: Record<string, unknown>) => T | string): T[] => {
    const list = Array.isArray(raw) ? raw : [];
    if (raw !== undefined && !Array.isArray(raw)) warnings.push(`${kind}s must be an array`);
    if (list.length > MAX_OFFERS_PER_PAGE) warnings.push(`this page offers ${list.length} ${kind}s; the bridge takes the first ${MAX_OFFERS_PER_PAGE} (limit maxOffersPerPage ${MAX_OFFERS_PER_PAGE})`);
    const out: T[] = [];
    const seen = new Set<string>();
    for (const item of list.slice(0, MAX_OFFERS_PER_PAGE)) {
      const o = item && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : {};
      const accepted = check(o);
      const id = clip(key(o), 200);
      if (typeof accepted === 'string') warnings.push(`${kind} "${id}" skipped: ${accepted}`);
      else if (seen.has(id)) warnings.push(`${kind} "${id}" skipped: listed twice`);
      else {
        seen.add(id);
        out.push(accepted);
      }
    }
    return out;
  };
  const lists = {
    prompts: take(msg.prompts, 'prompt', (o) => String(o.name), promptOf),
    resources: take(msg.resources, 'resource', (o) => String(o.uri), resourceOf),
    templates: take(msg.templates, 'resource template', (o) => String(o.uriTemplate), templateOf),
  };
  return { lists, warnings };
}
