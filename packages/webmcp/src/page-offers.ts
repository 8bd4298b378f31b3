/**
 * @module
 * What a page offers agents besides tools: MCP prompts, resources and resource templates. They
 * live in a well-known per-window registry so the bridge connector, loaded as a separate script,
 * can list them, run them and hear of changes. `definePrompt`/`defineResource` and their
 * `register*` functions fill it; the connector only reads it. Everything a handler returns here is
 * already in MCP's wire shape: the `define*` helpers normalize, the bridge validates and bounds.
 */

/** The well-known key: `globalThis[PAGE_OFFERS_KEY]` is this window's {@link PageOffers}. */
export const PAGE_OFFERS_KEY = Symbol.for('webmcp-kit.page-offers');

/** Event fired on {@link PageOffers} when a prompt, resource or template was added or removed. */
export const OFFERS_CHANGE_EVENT = 'change';
/** Event fired on {@link PageOffers} (a `CustomEvent<{ uri: string }>`) when a resource's content changed. */
export const RESOURCE_UPDATED_EVENT = 'updated';

/** What every offer handler receives: aborted when the agent cancels or the page disconnects. */
export interface OfferContext {
  signal: AbortSignal;
}

/** What a completion handler receives besides the partial value. */
export interface CompletionContext extends OfferContext {
  /** Values of the other arguments the user already gave. */
  arguments: Record<string, string>;
}

/** One argument of a prompt, as MCP's `prompts/list` shows it. */
export interface PromptArgument {
  name: string;
  title?: string;
  description?: string;
  required?: boolean;
}

/** One message of a prompt: MCP `PromptMessage` (text, image, audio, resource or resource_link content). */
export interface PromptMessage {
  role: 'user' | 'assistant';
  content: { type: string; [field: string]: unknown };
}

/** MCP `GetPromptResult`. */
export interface PromptResult {
  description?: string;
  messages: PromptMessage[];
}

/** MCP resource contents: text, or bytes as base64 `blob`. */
export type ResourceContents = { uri: string; mimeType?: string; text: string } | { uri: string; mimeType?: string; blob: string };

/** A completion handler: values completing `value`, best first (MCP keeps the first 100). */
export type OfferCompleter = (value: string, context: CompletionContext) => Promise<string[]>;

/** A prompt in the registry. */
export interface OfferedPrompt {
  name: string;
  title?: string;
  description?: string;
  arguments: PromptArgument[];
  /** Completion handlers by argument name. */
  complete?: Record<string, OfferCompleter>;
  /** Validates `args` and builds the prompt; rejects with a message naming what is wrong. */
  get(args: Record<string, string>, context: OfferContext): Promise<PromptResult>;
}

/** Fields a resource and a resource template share in listings. */
export interface OfferedResourceInfo {
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  _meta?: Record<string, unknown>;
}

/** A resource with a fixed URI in the registry. */
export interface OfferedResource extends OfferedResourceInfo {
  uri: string;
  /** Size in bytes, when known. */
  size?: number;
  read(context: OfferContext): Promise<ResourceContents[]>;
}

/** A resource template (RFC 6570 URI template, `{name}` expressions) in the registry. */
export interface OfferedResourceTemplate extends OfferedResourceInfo {
  uriTemplate: string;
  /** Completion handlers by template variable name. */
  complete?: Record<string, OfferCompleter>;
  /** Reads `uri`, which the bridge matched against the template into `variables`. */
  read(uri: string, variables: Record<string, string>, context: OfferContext): Promise<ResourceContents[]>;
}

/**
 * This window's prompts, resources and templates. Fires {@link OFFERS_CHANGE_EVENT} when a list
 * changes and {@link RESOURCE_UPDATED_EVENT} when a resource's content changes.
 */
export interface PageOffers extends EventTarget {
  /** By name. */
  readonly prompts: Map<string, OfferedPrompt>;
  /** By URI. */
  readonly resources: Map<string, OfferedResource>;
  /** By URI template. */
  readonly templates: Map<string, OfferedResourceTemplate>;
}

/** The offers registry of a window, created on first use. */
export function getPageOffers(win: object = globalThis): PageOffers {
  const store = win as Record<symbol, PageOffers | undefined>;
  return (store[PAGE_OFFERS_KEY] ??= Object.assign(new EventTarget(), { prompts: new Map(), resources: new Map(), templates: new Map() }));
}
