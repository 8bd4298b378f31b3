/**
 * @module
 * MCP resources from a page: `defineResource` (a fixed URI) and `defineResourceTemplate` (an RFC
 * 6570 URI template) normalize what `read` returns to MCP contents (text, or bytes as base64
 * `blob`); `registerResources` offers them through the page-offers registry and
 * `notifyResourceUpdated` tells subscribed agents a resource changed.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/resources
 */
import { checkDefinition, checker, registerOffers, wrapCompleters, type Completer, type RegisterOffersOptions } from './offer-definition';
import {
  getPageOffers,
  RESOURCE_UPDATED_EVENT,
  type OfferContext,
  type OfferedResource,
  type OfferedResourceTemplate,
  type ResourceContents,
} from './page-offers';

/** What `read` may return: text, bytes, or a list of them (several contents). */
export type ResourceValue = string | Blob | ArrayBuffer | ArrayBufferView | Array<string | Blob | ArrayBuffer | ArrayBufferView>;

/** Fields a resource and a template definition share. */
export interface ResourceInfoDefinition {
  name: string;
  title?: string;
  description?: string;
  /** Of every content `read` returns. @default a Blob's `type`, else `application/octet-stream` for bytes, `text/plain` for text */
  mimeType?: string;
}

/** A resource definition for {@link defineResource}. */
export interface ResourceDefinition extends ResourceInfoDefinition {
  /** An absolute URI with a scheme, e.g. `app://cart`. */
  uri: string;
  read(context: OfferContext): ResourceValue | Promise<ResourceValue>;
}

/** A resource template definition for {@link defineResourceTemplate}. */
export interface ResourceTemplateDefinition extends ResourceInfoDefinition {
  /** An RFC 6570 URI template with a scheme, e.g. `app://products/{sku}`. */
  uriTemplate: string;
  /** Completion handlers by template variable name. */
  complete?: Record<string, Completer>;
  read(uri: string, variables: Record<string, string>, context: OfferContext): ResourceValue | Promise<ResourceValue>;
}

const URI = /^[a-z][a-z\d+.-]*:[^\s{}]*$/i;
// The expressions MCP SDKs match: {name} {+name} {#name} {.name} {/name} {?a,b} {&a}, `*` explode.
const EXPRESSION = /\{[+#./?&]?\w+\*?(,\w+\*?)*\}/g;
const FIELDS = { name: 'string', title: 'string?', description: 'string?', mimeType: 'string?', read: 'function' };

function toContents(value: ResourceValue, uri: string, mimeType?: string): Promise<ResourceContents[]> {
  return Promise.all([value].flat().map(async (item) => {
    if (typeof item === 'string') return { uri, mimeType: mimeType ?? 'text/plain', text: item };
    const bytes = item instanceof Blob ? await item.arrayBuffer() : item;
    checker(`resource "${uri}" read returned`, 'WEBMCP_KIT_INVALID_OUTPUT')(
      bytes instanceof ArrayBuffer || ArrayBuffer.isView(bytes), 'contents', 'text or bytes', item);
    const view = bytes as ArrayBufferView;
    const octets = new Uint8Array(view.buffer ?? bytes, view.byteOffset, view.byteLength);
    let binary = '';
    for (let i = 0; i < octets.length; i += 32768) binary += String.fromCharCode(...octets.subarray(i, i + 32768));
    return { uri, mimeType: mimeType || (item as Blob).type || 'application/octet-stream', blob: btoa(binary) };
  }));
}

/**
 * Defines an MCP resource at a fixed URI. `read` may return a string (`text`), a Blob, ArrayBuffer
 * or typed array (base64 `blob`), MCP contents, or a list of them.
 * @example
 * ```ts
 * registerResources([defineResource({ uri: 'app://cart', name: 'Cart', mimeType: 'application/json', read: () => JSON.stringify(cart) })]);
 * ```
 */
export function defineResource(definition: ResourceDefinition): OfferedResource {
  const check = checkDefinition('defineResource', definition, FIELDS);
  const { uri, mimeType } = definition;
  check(typeof uri === 'string' && URI.test(uri), 'uri', 'an absolute URI', uri);
  return { ...definition, read: async (context) => toContents(await definition.read(context), uri, mimeType) } as OfferedResource;
}

/**
 * Defines an MCP resource template: an RFC 6570 URI template with a scheme whose expressions are
 * those MCP SDKs match (`{name}`, `{+name}`, `{#name}`, `{.name}`, `{/name}`, `{?a,b}`, `{&a}`,
 * `*` explode; not `{;name}` or `{name:3}`). Completion handlers are keyed by variable name.
 * @example
 * ```ts
 * defineResourceTemplate({
 *   uriTemplate: 'app://products/{sku}', name: 'Product',
 *   complete: { sku: (prefix) => catalog.skus().filter((s) => s.startsWith(prefix)) },
 *   read: (uri, { sku }) => JSON.stringify(catalog.get(sku)),
 * });
 * ```
 */
export function defineResourceTemplate(definition: ResourceTemplateDefinition): OfferedResourceTemplate {
  const check = checkDefinition('defineResourceTemplate', definition, FIELDS);
  const { uriTemplate, mimeType } = definition;
  const expressions = (typeof uriTemplate === 'string' && uriTemplate.match(EXPRESSION)) || [];
  check(expressions.length && URI.test(uriTemplate.replace(EXPRESSION, '')), 'uriTemplate',
    'a URI template with a scheme and {variables}', uriTemplate);
  const complete = wrapCompleters(check, definition.complete, expressions.flatMap((e) => e.match(/\w+/g)!));
  return {
    ...definition,
    complete,
    read: async (uri, variables, context) => toContents(await definition.read(uri, variables, context), uri, mimeType),
  } as OfferedResourceTemplate;
}

/** The result of {@link registerResources}. */
export interface ResourceRegistration {
  /** URIs and URI templates of the registered resources. */
  readonly uris: readonly string[];
  /** Removes exactly these resources and templates (firing one `change`). */
  unregister(): void;
}

/**
 * Offers resources and templates (from {@link defineResource}, {@link defineResourceTemplate}) to
 * agents through this window's page-offers registry, all or none: a URI (or URI template) already
 * registered throws a `WEBMCP_KIT_DUPLICATE` error naming it.
 */
export function registerResources(
  resources: OfferedResource | OfferedResourceTemplate | ReadonlyArray<OfferedResource | OfferedResourceTemplate>,
  options: RegisterOffersOptions = {},
): ResourceRegistration {
  return registerOffers('registerResources', 'uris', resources, (offers, offer) =>
    ('uriTemplate' in offer ? [offers.templates, offer.uriTemplate] : [offers.resources, offer.uri]) as [Map<string, never>, string], options.signal);
}

/** Tells agents subscribed to `uri` (through the bridge) that its content changed. */
export function notifyResourceUpdated(uri: string): void {
  checker('notifyResourceUpdated', 'WEBMCP_KIT_INVALID_INPUT')(typeof uri === 'string' && URI.test(uri), 'uri', 'an absolute URI', uri);
  getPageOffers().dispatchEvent(new CustomEvent(RESOURCE_UPDATED_EVENT, { detail: { uri } }));
}
