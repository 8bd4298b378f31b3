/**
 * @module
 * What `definePrompt` and `defineResource` share: checks that name the field (expected vs got),
 * completion handlers, and all-or-none registration in the page-offers registry. Kept terse: it
 * ships in the script-tag bundle.
 */
import { WebMCPKitError, type WebMCPKitErrorCode } from './errors';
import { getPageOffers, OFFERS_CHANGE_EVENT, type CompletionContext, type OfferCompleter, type PageOffers } from './page-offers';

/** A completion handler as a definition gives it: values completing `value`, best first. */
export type Completer = (value: string, context: CompletionContext) => string[] | Promise<string[]>;

/** Options of `registerPrompts` and `registerResources`. */
export interface RegisterOffersOptions {
  /** Aborting it unregisters the offers; an already aborted signal registers nothing. */
  signal?: AbortSignal;
}

/** Throws unless `ok`: `label: field: expected …, got …`. */
export type Check = (ok: unknown, field: string, expected: string, value: unknown) => void;

/** A {@link Check} whose errors start with `label` and carry `code`. */
export function checker(label: string, code: WebMCPKitErrorCode = 'WEBMCP_KIT_INVALID_DEFINITION'): Check {
  return (ok, field, expected, value) => {
    if (!ok) {
      const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'string' ? JSON.stringify(value).slice(0, 60) : typeof value;
      throw new WebMCPKitError(code, `${label}: ${field}: expected ${expected}, got ${got}`);
    }
  };
}

/**
 * Checks `record` is an object whose fields have the given `typeof` (`string` ones non-empty),
 * `?` marking an optional field; `at` is the path of `record`.
 */
export function checkFields(check: Check, record: unknown, fields: Record<string, string>, at?: string): void {
  check(typeof record === 'object' && record, at ?? 'definition', 'an object', record);
  for (const [field, kind] of Object.entries(fields)) {
    const value = (record as Record<string, unknown>)[field];
    const type = kind.replace('?', '');
    if (value !== undefined || type === kind) check(typeof value === type && value !== '', at ? `${at}.${field}` : field, type === 'string' ? 'a non-empty string' : type, value);
  }
}

/** Checks a definition given to `fn`; returns a {@link Check} labelled `fn("name")` for the rest. */
export function checkDefinition(fn: string, definition: unknown, fields: Record<string, string>): Check {
  const check = checker(`${fn}(${JSON.stringify((definition as { name?: unknown } | null)?.name)})`);
  checkFields(check, definition, fields);
  return check;
}

/** Checks completion handlers are functions keyed by `names`; the wrapped ones always return promises. */
export function wrapCompleters(check: Check, complete: unknown, names: string[]): Record<string, OfferCompleter> | undefined {
  if (complete === undefined) return;
  checkFields(check, complete, {}, 'complete');
  const wrapped: Record<string, OfferCompleter> = {};
  for (const [key, fn] of Object.entries(complete as Record<string, Completer>)) {
    check(names.includes(key), 'complete', `keys among: ${names}`, key);
    check(typeof fn === 'function', `complete.${key}`, 'function', fn);
    wrapped[key] = async (value, context) => fn(value, context);
  }
  return wrapped;
}

/**
 * Adds `offers`, each put in the map of the registry `place` gives under its key, all or none,
 * firing one `change`; returns the keys (as `property`) and `unregister`.
 */
export function registerOffers<P extends string, T extends object>(
  fn: string,
  property: P,
  offers: T | readonly T[],
  place: (registry: PageOffers, offer: T) => [Map<string, T>, unknown],
  signal?: AbortSignal,
): { [key in P]: string[] } & { unregister(): void } {
  const registry = getPageOffers();
  const items = ([offers].flat() as T[]).map((offer) => [...place(registry, offer ?? {}), offer] as [Map<string, T>, string, T]);
  items.forEach(([map, key, offer], i) => {
    checker(fn)(typeof key === 'string', `[${i}]`, 'a defined offer', offer);
    if (map.has(key) || items.findIndex((item) => item[0] === map && item[1] === key) < i) {
      throw new WebMCPKitError('WEBMCP_KIT_DUPLICATE', `${fn}: ${JSON.stringify(key)} is already registered`);
    }
  });
  let live = !signal?.aborted && items.length > 0;
  const apply = (add: boolean) => {
    for (const [map, key, offer] of items) add ? map.set(key, offer) : map.get(key) === offer && map.delete(key);
    registry.dispatchEvent(new Event(OFFERS_CHANGE_EVENT));
  };
  const unregister = () => live && apply((live = false));
  if (live) {
    apply(true);
    signal?.addEventListener('abort', unregister);
  }
  return { [property]: items.map((item) => item[1]), unregister } as never;
}
