/**
 * @module
 * WebMCP IDL types (spec `index.bs@0023abda`) plus the older `navigator.modelContext` shapes.
 * @see https://webmachinelearning.github.io/webmcp/
 */

/** Hints about a tool's behaviour (`ToolAnnotations`). Metadata only: browsers do not enforce them. */
export interface ToolAnnotations {
  readOnlyHint?: boolean;
  untrustedContentHint?: boolean;
  consequentialHint?: boolean;
  debugging?: boolean;
}

/** What a tool's `execute` receives as its second argument. */
export interface ToolExecuteOptions {
  /** Aborted when the caller cancels the call. */
  signal: AbortSignal;
}

/**
 * The second argument webmcp-kit actually passes to `execute`: the spec's `{signal}` plus the older
 * draft's `requestUserInteraction`, so tools written for either draft work.
 */
export interface ToolClient extends ToolExecuteOptions {
  /** Runs `callback` while the call is marked as waiting for the user (remote timeouts pause). */
  requestUserInteraction<T>(callback: () => T | Promise<T>): Promise<T>;
  /**
   * Reports progress to the agent that made the call (MCP `notifications/progress` through the
   * bridge, when the agent asked for progress). Values must increase call by call. A no-op when
   * the caller does not listen.
   */
  reportProgress(progress: number, total?: number, message?: string): void;
  /**
   * Sends a log message to the agent that made the call (MCP `notifications/message` through the
   * bridge, at or above the level the agent set). `data` is any JSON value. A no-op when the caller
   * does not listen.
   */
  log(level: ToolLogLevel, data: unknown): void;
  /**
   * Asks the model of the agent that made the call for a completion (MCP `sampling/createMessage`
   * through the bridge). Rejects when the caller cannot ask, e.g. the MCP client did not declare
   * the `sampling` capability.
   */
  sample(request: ToolSampleRequest): Promise<ToolSampleResult>;
  /**
   * Asks the human at the agent that made the call to fill in a form (MCP `elicitation/create`
   * through the bridge). Rejects when the caller cannot ask, e.g. the MCP client did not declare
   * the `elicitation` capability.
   */
  elicit(request: ToolElicitRequest): Promise<ToolElicitResult>;
}

/** What {@link ToolClient.sample} sends (MCP `CreateMessageRequest` params). */
export interface ToolSampleRequest {
  messages: { role: 'user' | 'assistant'; content: { type: 'text'; text: string } | { type: 'image' | 'audio'; data: string; mimeType: string } }[];
  maxTokens: number;
  systemPrompt?: string;
  temperature?: number;
  stopSequences?: string[];
  modelPreferences?: object;
  includeContext?: 'none' | 'thisServer' | 'allServers';
  metadata?: object;
}

/** The model's answer to {@link ToolClient.sample} (MCP `CreateMessageResult`). */
export interface ToolSampleResult {
  role: 'assistant' | 'user';
  content: { type: string; text?: string; data?: string; mimeType?: string };
  model: string;
  stopReason?: string;
}

/** What {@link ToolClient.elicit} sends: a message and a flat object schema of primitive fields. */
export interface ToolElicitRequest {
  message: string;
  requestedSchema: { type: 'object'; properties: Record<string, object>; required?: string[] };
}

/** The human's answer to {@link ToolClient.elicit} (MCP `ElicitResult`). */
export interface ToolElicitResult {
  action: 'accept' | 'decline' | 'cancel';
  content?: Record<string, string | number | boolean | string[]>;
}

/** Log levels of {@link ToolClient.log} (RFC 5424 severities, as MCP has them). */
export type ToolLogLevel = 'debug' | 'info' | 'notice' | 'warning' | 'error' | 'critical' | 'alert' | 'emergency';

/**
 * Where a tool's progress and log messages go, and its `sample`/`elicit` requests (for which it
 * returns a promise of the answer): `executeTool` callers (the bridge connector) pass one under
 * {@link TOOL_NOTIFY} in its options. Not part of WebMCP.
 */
export type ToolNotify = (
  message:
    | { t: 'progress'; progress: number; total?: number; message?: string }
    | { t: 'log'; level: ToolLogLevel; data: unknown }
    | { t: 'sample' | 'elicit'; params: unknown },
) => unknown;

/** A tool's implementation. */
export type ToolExecuteCallback = (input: Record<string, unknown>, options: ToolClient) => unknown;

/** A tool as given to `registerTool` (`ModelContextTool`). */
export interface ModelContextTool {
  name: string;
  title?: string;
  description: string;
  inputSchema?: object;
  execute: ToolExecuteCallback;
  annotations?: ToolAnnotations;
}

/** Options of `registerTool`. Aborting `signal` unregisters the tool. */
export interface ModelContextRegisterToolOptions {
  exposedTo?: readonly string[];
  signal?: AbortSignal;
}

/** Options of `getTools`. */
export interface ModelContextGetToolOptions {
  fromOrigins?: readonly string[];
}

/** Options of `executeTool`. */
export interface ModelContextExecuteToolOptions {
  signal?: AbortSignal;
  /** Receives the tool's `reportProgress` and `log` calls (webmcp-kit extension). */
  [TOOL_NOTIFY]?: ToolNotify;
  /** Receives the function that cancels this call, in place of a `signal` (webmcp-kit extension). */
  [TOOL_CANCEL]?: ToolCancelHook;
}

/**
 * Called during `executeTool` with the function that cancels the call (as aborting its `signal`
 * would). A context that has {@link TOOL_CANCEL} as a property (the polyfill's, from this version
 * on) takes one; a caller that cancels through it needs no `AbortSignal` per call, whose `abort`
 * listener cost Chromium more per call than the rest of a no-op call's bookkeeping. Not part of
 * WebMCP.
 */
export type ToolCancelHook = (cancel: () => void) => void;

/**
 * Key of {@link ModelContextExecuteToolOptions} under which a caller receives the call's cancel
 * function; also a property (`true`) of the contexts that honour it.
 */
export const TOOL_CANCEL: unique symbol = Symbol.for('webmcp-kit.cancel') as never;

/** Key of {@link ModelContextExecuteToolOptions} under which a caller receives progress and logs. */
export const TOOL_NOTIFY: unique symbol = Symbol.for('webmcp-kit.notify') as never;

/** A tool as returned by `getTools` (`RegisteredTool`). */
export interface RegisteredTool {
  name: string;
  title?: string;
  description: string;
  inputSchema?: object;
  window: Window;
  origin: string;
  annotations?: Required<ToolAnnotations>;
}

/** The `ModelContext` interface of `document.modelContext`. */
export interface ModelContext extends EventTarget {
  registerTool(tool: ModelContextTool, options?: ModelContextRegisterToolOptions): Promise<void>;
  getTools(options?: ModelContextGetToolOptions): Promise<RegisteredTool[]>;
  executeTool(
    tool: RegisteredTool,
    input?: object,
    options?: ModelContextExecuteToolOptions,
  ): Promise<string | null>;
  ontoolchange: ((this: ModelContext, event: Event) => unknown) | null;
  ontoolactivated: ((this: ModelContext, event: Event) => unknown) | null;
  ontoolcancel: ((this: ModelContext, event: Event) => unknown) | null;
}

/** `provideContext` argument of the older `navigator.modelContext` draft. */
export interface ModelContextOptions {
  tools?: ModelContextTool[];
}

/** Handle returned by `navigator.modelContext.registerTool`. */
export interface LegacyToolRegistration {
  unregister(): void;
}

/** `navigator.modelContext`: the same registry as `document.modelContext`, plus the older draft's methods. */
export interface NavigatorModelContext extends Omit<ModelContext, 'registerTool'> {
  /** Registers at once; throws synchronously on bad input, like the older draft. */
  registerTool(tool: ModelContextTool, options?: ModelContextRegisterToolOptions): LegacyToolRegistration;
  unregisterTool(name: string): void;
  provideContext(options?: ModelContextOptions): void;
  clearContext(): void;
}

/** Detail of the `toolinteractionstart` / `toolinteractionend` events. */
export interface ToolInteractionDetail {
  toolName: string;
}

declare global {
  interface Document {
    readonly modelContext: ModelContext;
  }
  interface Navigator {
    readonly modelContext: NavigatorModelContext;
  }
  interface SubmitEvent {
    readonly agentInvoked?: boolean;
    respondWith?(response: Promise<unknown>): void;
  }
}
