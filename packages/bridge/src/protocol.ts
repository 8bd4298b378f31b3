/**
 * @module
 * Messages between a page (`connect()`) and the bridge over the page WebSocket, discriminated by
 * `t`. A frame holds one message, or an array of messages: both sides batch what accumulates within
 * one turn of their event loop, because each WebSocket frame costs Chromium far more than its JSON.
 * Shared by both sides so they cannot drift.
 */

/** WebSocket subprotocol naming this wire format. */
export const PAGE_PROTOCOL = 'webmcp-bridge.v1';
/** Prefix of the second subprotocol, which carries the page token (browsers cannot set headers). */
export const PAGE_TOKEN_PROTOCOL_PREFIX = 'token.';
/** Path of the page WebSocket on the bridge's HTTP server. */
export const PAGE_SOCKET_PATH = '/page';

/** A tool as a page announces it: the WebMCP `RegisteredTool` fields plus registry extras. */
export interface WireTool {
  name: string;
  title?: string;
  description: string;
  /** An object schema, or its JSON text (Chromium < 152's native `getTools()` gives text); the bridge parses it. */
  inputSchema?: unknown;
  annotations?: object;
  outputSchema?: unknown;
  _meta?: Record<string, unknown>;
}

/** A resource (MCP App UI) a page offers through the tool-extensions registry. */
export interface WireResource {
  uri: string;
  name?: string;
  mimeType: string;
  text: string;
  _meta?: Record<string, unknown>;
}

/** A prompt as a page announces it; `complete` names the arguments that offer completions. */
export interface WirePrompt {
  name: string;
  title?: string;
  description?: string;
  arguments?: Array<{ name: string; title?: string; description?: string; required?: boolean }>;
  complete?: string[];
}

/** A resource with a fixed URI as a page announces it (read on demand, unlike {@link WireResource}). */
export interface WireOfferedResource {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  size?: number;
  _meta?: Record<string, unknown>;
}

/** A resource template (RFC 6570) as a page announces it; `complete` names the variables that offer completions. */
export interface WireTemplate {
  uriTemplate: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  _meta?: Record<string, unknown>;
  complete?: string[];
}

/** Page → bridge messages. */
export type PageMessage =
  | { t: 'hello'; tab: string; title: string; url: string }
  | { t: 'tools'; tools: WireTool[]; resources: WireResource[]; title: string }
  | { t: 'result'; id: number; value: string | null }
  /** `code`: the error's own `code` string, if any (e.g. `WEBMCP_KIT_INVALID_INPUT` for arguments a `definePrompt` refused). */
  | { t: 'error'; id: number; name: string; message: string; code?: string }
  | { t: 'interaction'; tool: string; on: boolean }
  /** The running call `id` reports progress (`client.reportProgress` in the tool). */
  | { t: 'progress'; id: number; progress: number; total?: number; message?: string }
  /** The running call `id` logs (`client.log` in the tool); `level` is an MCP logging level. */
  | { t: 'log'; id: number; level: string; data: unknown }
  /** The running call `id` asks the calling MCP client (`client.sample`/`client.elicit`); answered by `answer` with `rid`. */
  | { t: 'ask'; id: number; rid: number; kind: 'sample' | 'elicit'; params: unknown }
  /** The page's prompts, resources and templates (on connect and on every change). */
  | { t: 'offers'; prompts: WirePrompt[]; resources: WireOfferedResource[]; templates: WireTemplate[] }
  /** The content of resource `uri` changed. */
  | { t: 'updated'; uri: string }
  /** The answer to an offer request `id` (a prompt, resource contents, completion values). */
  | { t: 'reply'; id: number; value: unknown };

/** Bridge → page messages. */
export type BridgeMessage =
  | { t: 'welcome'; tab: string; max: number }
  | { t: 'call'; id: number; name: string; args: Record<string, unknown> }
  | { t: 'cancel'; id: number }
  /** A bound the page hit (e.g. too many tools); the page prints it as a console warning. */
  | { t: 'warn'; message: string }
  /** The answer to the page's `ask` `rid`: the client's result, or why there is none. */
  | { t: 'answer'; rid: number; value?: unknown; error?: string }
  /** Get prompt `name`; answered by `reply` (a `GetPromptResult`) or `error`, dropped on `cancel`. */
  | { t: 'prompt'; id: number; name: string; args: Record<string, string> }
  /** Read `uri` (matched against `template` into `vars` when given); answered by `reply` (resource contents) or `error`. */
  | { t: 'read'; id: number; uri: string; template?: string; vars?: Record<string, string> }
  /** Complete argument `arg` of prompt or template `of`; answered by `reply` (string values) or `error`. */
  | { t: 'complete'; id: number; ref: 'prompt' | 'template'; of: string; arg: string; value: string; args: Record<string, string> };
