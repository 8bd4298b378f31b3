/**
 * @module
 * The MCP side of what pages offer besides tools: `prompts/*`, `resources/*` (tool-extension UIs
 * and page resources), `resources/templates/list`, subscriptions and `completion/complete`. Client
 * input is checked here like tool arguments; every page answer is bounded and validated before a
 * client sees it, and a bad one is an error for that client only (the page gets a warning).
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListResourcesRequestSchema,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { isBridgeError } from './errors';
import { checkCompletionAnswer, checkPromptAnswer, checkReadAnswer } from './offer-answers';
import type { Logger } from './log';
import type { OfferAsk, PageHub, PageInfo } from './page-hub';
import type { ExposedPrompt } from './page-offers';
import { describePage } from './page-tools';
import { MAX_URI_CHARS } from './uri-templates';

/** MCP's "resource not found" error code. */
export const RESOURCE_NOT_FOUND = -32002;
/** Longest prompt argument or completion value the bridge forwards. */
export const MAX_ARGUMENT_CHARS = 65_536;
/** Most resource subscriptions one session may hold. */
export const MAX_SUBSCRIPTIONS = 1000;

/** What the offer handlers need of the session server's settings. */
export interface OfferHandlerOptions {
  hub: PageHub;
  log: Logger;
  callTimeoutMs: number;
  maxResultBytes: number;
  /** How long a request waits for a reloading tab's prompt or resource. */
  reloadWaitMs: number;
}

const subscriptions = new WeakMap<Server, Set<string>>();

/** True when the session served by `server` subscribed to `uri`. */
export function isSubscribed(server: Server, uri: string): boolean {
  return subscriptions.get(server)?.has(uri) === true;
}

const where = (page: PageInfo) => `${page.title ? `"${page.title}" ` : ''}${page.origin}`;
/**
 * A JSON-RPC error for the client. Not an `McpError`: its message already starts with
 * `MCP error <code>:`, which the client's SDK adds once more.
 */
const rpcFailure = (code: number, message: string) => Object.assign(new Error(message), { code });
const invalid = (message: string) => rpcFailure(ErrorCode.InvalidParams, message);

/** Checks prompt arguments as tool arguments are: known names, required present, bounded strings. */
function promptArgumentsProblem(exposed: ExposedPrompt, args: Record<string, unknown>): string | undefined {
  const declared = exposed.prompt.arguments;
  for (const [name, value] of Object.entries(args)) {
    if (!declared.some((a) => a.name === name)) {
      return `unknown argument "${name.slice(0, 100)}" (the prompt takes ${declared.map((a) => `"${a.name}"`).join(', ') || 'no arguments'})`;
    }
    if (typeof value !== 'string') return `argument "${name}" must be a string, got ${value === null ? 'null' : typeof value}`;
    if (value.length > MAX_ARGUMENT_CHARS) return `argument "${name}" is ${value.length} characters, over ${MAX_ARGUMENT_CHARS}`;
  }
  const missing = declared.find((a) => a.required && args[a.name] === undefined);
  return missing ? `missing required argument "${missing.name}"` : undefined;
}

/** Registers the prompt, resource and completion handlers on a session's server. */
export function registerOfferHandlers(server: Server, options: OfferHandlerOptions, sessionLabel: () => string | undefined): void {
  const { hub, log } = options;
  const subscribed = new Set<string>();
  subscriptions.set(server, subscribed);

  /** Asks the page, checks its answer; any failure becomes a JSON-RPC error naming what went wrong. */
  const ask = async <T>(page: PageInfo, request: OfferAsk, label: string, signal: AbortSignal, checkAnswer: (v: unknown, max: number) => { ok: T } | { problem: string }): Promise<T> => {
    const started = performance.now();
    const audit = (outcome: string) =>
      log({ level: 'info', msg: `page ${request.t}`, audit: true, session: sessionLabel(), origin: page.origin, tab: page.tab, label, ms: Math.round((performance.now() - started) * 10) / 10, outcome });
    let value: unknown;
    try {
      value = await hub.requestOffer(page, request, label, { timeoutMs: options.callTimeoutMs, signal });
    } catch (e) {
      const code = isBridgeError(e) ? e.code : undefined;
      audit(code ?? 'error');
      // The page refused the arguments, or the offer is gone: the client's request was at fault.
      if (code === 'WEBMCP_BRIDGE_OFFER_INVALID_INPUT') throw invalid((e as Error).message);
      if (code === 'WEBMCP_BRIDGE_OFFER_NOT_FOUND') throw rpcFailure(request.t === 'read' ? RESOURCE_NOT_FOUND : ErrorCode.InvalidParams, (e as Error).message);
      throw rpcFailure(ErrorCode.InternalError, (e as Error).message);
    }
    const checked = checkAnswer(value, options.maxResultBytes);
    if ('problem' in checked) {
      audit('invalid_answer');
      hub.warnPage(page, 'page answer refused', `${label} answered invalidly: ${checked.problem}`);
      throw rpcFailure(ErrorCode.InternalError, `${label} returned an invalid answer: ${checked.problem}`);
    }
    audit('ok');
    return checked.ok;
  };

  // A tab that is reloading keeps its prompts and resources: requests wait for it (bounded) rather than fail.
  const promptOf = (name: string, signal: AbortSignal) =>
    hub.awaitOffer(() => hub.offers.prompt(name), () => [hub.offers.promptTab(name)], options.reloadWaitMs, signal);

  server.setRequestHandler(ListPromptsRequestSchema, () => ({
    prompts: hub.offers.prompts().map(({ name, page, prompt }) => ({
      name,
      ...(prompt.title ? { title: `${prompt.title} (${where(page)})` } : {}),
      description: `${prompt.description ? `${prompt.description}\n\n` : ''}[Prompt of the web page ${where(page)}]`,
      arguments: prompt.arguments,
      _meta: { 'webmcp-kit/page': { origin: page.origin, title: page.title, tabId: page.tab, promptName: prompt.name } },
    })),
  }));

  server.setRequestHandler(GetPromptRequestSchema, async (request, extra) => {
    const { name } = request.params;
    const exposed = await promptOf(name, extra.signal);
    if (!exposed) throw invalid(`Unknown prompt "${name.slice(0, 200)}": no connected page offers it (call prompts/list for the current prompts)`);
    const args = request.params.arguments ?? {};
    const problem = promptArgumentsProblem(exposed, args);
    if (problem) throw invalid(`Invalid arguments for prompt "${name}": ${problem}`);
    const label = `Prompt "${name}" of ${describePage(exposed.page)}`;
    return ask(exposed.page, { t: 'prompt', name: exposed.prompt.name, args }, label, extra.signal, checkPromptAnswer);
  });

  server.setRequestHandler(ListResourcesRequestSchema, () => ({
    resources: hub.offers.resources().map((r) => {
      const { resource, page } = r;
      const own = r.kind === 'offered' ? r.resource.description : undefined;
      return {
        ...(r.kind === 'offered' ? r.resource : { uri: resource.uri, name: resource.name ?? resource.uri, mimeType: resource.mimeType }),
        description: `${own ? `${own}\n\n` : ''}Resource of the web page ${where(page)}`,
        ...(resource._meta ? { _meta: resource._meta } : {}),
      };
    }),
  }));

  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: hub.offers.templates().map(({ page, template: { compiled: _c, complete: _x, description, ...t } }) => ({
      ...t,
      description: `${description ? `${description}\n\n` : ''}Resource template of the web page ${where(page)}`,
    })),
  }));

  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => {
    const { uri } = request.params;
    if (uri.length > MAX_URI_CHARS) throw invalid(`Resource URI is ${uri.length} characters, over ${MAX_URI_CHARS}`);
    await hub.awaitOffer(() => hub.offers.resource(uri) ?? hub.offers.match(uri), () => hub.offers.resourceTabs(uri), options.reloadWaitMs, extra.signal);
    const fixed = hub.offers.resource(uri);
    if (fixed?.kind === 'ui') {
      const r = fixed.resource;
      return { contents: [{ uri: r.uri, mimeType: r.mimeType, text: r.text, ...(r._meta ? { _meta: r._meta } : {}) }] };
    }
    const label = `Resource "${uri.slice(0, 200)}" of `;
    if (fixed) return { contents: await ask(fixed.page, { t: 'read', uri }, label + describePage(fixed.page), extra.signal, checkReadAnswer) };
    const matched = hub.offers.match(uri);
    if (!matched) throw rpcFailure(RESOURCE_NOT_FOUND, `Resource not found: ${uri.slice(0, 200)} (no connected page offers it or a template matching it)`);
    const { page, template } = matched.exposed;
    const read: OfferAsk = { t: 'read', uri, template: template.uriTemplate, vars: matched.vars };
    return { contents: await ask(page, read, label + describePage(page), extra.signal, checkReadAnswer) };
  });

  server.setRequestHandler(SubscribeRequestSchema, (request) => {
    const { uri } = request.params;
    if (uri.length > MAX_URI_CHARS) throw invalid(`Resource URI is ${uri.length} characters, over ${MAX_URI_CHARS}`);
    if (!subscribed.has(uri) && subscribed.size >= MAX_SUBSCRIPTIONS) {
      throw invalid(`Too many subscriptions: this session holds ${MAX_SUBSCRIPTIONS} (limit maxSubscriptions); unsubscribe first`);
    }
    subscribed.add(uri);
    return {};
  });

  server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
    subscribed.delete(request.params.uri);
    return {};
  });

  server.setRequestHandler(CompleteRequestSchema, async (request, extra) => {
    const { ref, argument, context } = request.params;
    const args = context?.arguments ?? {};
    for (const [k, v] of [['', argument.value], ...Object.entries(args)] as Array<[string, string]>) {
      if (v.length > MAX_ARGUMENT_CHARS) throw invalid(`${k ? `context argument "${k.slice(0, 100)}"` : 'argument.value'} is ${v.length} characters, over ${MAX_ARGUMENT_CHARS}`);
    }
    const none = { completion: { values: [], total: 0, hasMore: false } };
    let target: { page: PageInfo; of: string; offered: string[]; names: string[]; what: string; kind: 'prompt' | 'template' };
    if (ref.type === 'ref/prompt') {
      const exposed = await promptOf(ref.name, extra.signal);
      if (!exposed) throw invalid(`Unknown prompt "${ref.name.slice(0, 200)}": no connected page offers it`);
      const p = exposed.prompt;
      target = { page: exposed.page, of: p.name, offered: p.complete, names: p.arguments.map((a) => a.name), what: `prompt "${ref.name}"`, kind: 'prompt' };
    } else {
      const exposed = await hub.awaitOffer(() => hub.offers.template(ref.uri), () => hub.offers.templateTabs(ref.uri), options.reloadWaitMs, extra.signal);
      // A fixed resource has nothing to complete.
      if (!exposed) {
        if (hub.offers.resource(ref.uri)) return none;
        throw invalid(`Unknown resource template "${ref.uri.slice(0, 200)}": no connected page offers it`);
      }
      const t = exposed.template;
      target = { page: exposed.page, of: t.uriTemplate, offered: t.complete, names: t.compiled.variables, what: `resource template "${ref.uri}"`, kind: 'template' };
    }
    if (!target.names.includes(argument.name)) {
      throw invalid(`Unknown argument "${argument.name.slice(0, 100)}" of ${target.what} (it takes ${target.names.map((n) => `"${n}"`).join(', ') || 'none'})`);
    }
    if (!target.offered.includes(argument.name)) return none;
    const label = `Completion of "${argument.name}" of ${target.what} of ${describePage(target.page)}`;
    const complete: OfferAsk = { t: 'complete', ref: target.kind, of: target.of, arg: argument.name, value: argument.value, args };
    return { completion: await ask(target.page, complete, label, extra.signal, checkCompletionAnswer) };
  });
}
