/**
 * @module
 * Typed tool helpers: `defineTool` turns a Standard Schema (zod ≥ 4.2) or JSON Schema into a
 * WebMCP tool whose input is typed and validated, makes `readOnly` explicit, and puts a human
 * confirmation in front of every tool that changes state; `registerTools` registers a set.
 */
import { requestConfirmation } from './confirm-dialog';
import { WebMCPKitError } from './errors';
import { installModelContext } from './install';
import { formatIssues, isStandardSchema, type InferOutput, type StandardSchema } from './standard-schema';
import { createToolClient } from './tool-events';
import { linkSignal } from './tool-layer';
import { getToolExtensions, type ToolExtension } from './tool-extensions';
import type { ModelContext, ModelContextTool, ToolAnnotations, ToolClient } from './types';

/** MIME type of MCP App resources. */
export const MCP_APP_MIME_TYPE = 'text/html;profile=mcp-app';

/** An MCP App UI for a tool, served by the bridge as a `ui://` resource. */
export interface ToolAppDefinition {
  /** The app's whole HTML document. */
  html: string;
  /** @default `ui://<tool name>/app.html` */
  resourceUri?: string;
  /** Network the app may use (`_meta.ui.csp`); none when omitted. */
  csp?: { connectDomains?: string[]; resourceDomains?: string[]; frameDomains?: string[]; baseUriDomains?: string[] };
  /** Browser permissions the app asks for (`_meta.ui.permissions`). */
  permissions?: { camera?: object; microphone?: object; geolocation?: object; clipboardWrite?: object };
  prefersBorder?: boolean;
  /** Who may call the tool: the model, the app, or both. @default ['model', 'app'] */
  visibility?: Array<'model' | 'app'>;
}

/**
 * Who is asked to confirm a state-changing call: `'client'`, the human at the MCP client that made
 * the call (an elicitation), first; `'page'`, always the page. By default the page asks, and the
 * client does while the page is hidden. When the client cannot ask (no bridge caller, or it did
 * not declare `elicitation`), the page's dialog asks instead: a confirmation is never skipped.
 */
export type ConfirmVia = 'client' | 'page';

/** Whether and how to ask the user before a state-changing tool runs. */
export type ToolConfirmation<Input> =
  | {
    /** Builds the message the user sees from the call's input. @default the tool's title and input */
    message?: (input: Input) => string;
    /** @default the page, or the client while the page is hidden */
    via?: ConfirmVia;
    skip?: never;
  }
  | { /** Runs without asking; `reason` says why that is safe (required). */ skip: true; reason: string; message?: never; via?: never };

/** What `execute` of a defined tool receives besides its input. */
export interface ToolContext extends ToolClient {
  toolName: string;
}

type InputOf<S> = S extends StandardSchema ? InferOutput<S> : Record<string, unknown>;
type OutputOf<O, Fallback> = O extends StandardSchema ? InferOutput<O> : Fallback;

/** A tool definition for {@link defineTool}. */
export interface ToolDefinition<S extends StandardSchema | undefined, O extends StandardSchema | undefined, R> {
  name: string;
  title?: string;
  description: string;
  /** Input as a Standard Schema with JSON Schema support, e.g. `z.object({...})` (zod ≥ 4.2). */
  input?: S;
  /** Input as a plain JSON Schema object, for pages without a schema library. */
  inputSchema?: object;
  /** Output schema; when given, results are checked and returned as MCP `structuredContent`. */
  output?: O;
  /** Required. `true`: the tool only reads (sets `annotations.readOnlyHint`); `false`: each call is confirmed. */
  readOnly: boolean;
  /** For `readOnly: false` tools: the confirmation message, or an explicit opt-out with a reason. */
  confirm?: ToolConfirmation<InputOf<S>>;
  annotations?: Omit<ToolAnnotations, 'readOnlyHint'>;
  /** An MCP App UI for the tool. */
  app?: ToolAppDefinition;
  execute(input: InputOf<S>, context: ToolContext): OutputOf<O, R> | Promise<OutputOf<O, R>>;
}

/** A defined tool: a ready `ModelContextTool`, plus the MCP extras `registerTools` publishes. */
export interface DefinedTool<Input = Record<string, unknown>> extends ModelContextTool {
  readonly extension: ToolExtension;
  /** @internal type marker */
  readonly __input?: Input;
}

/** A call result in MCP's shape. */
export interface ToolResult {
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: unknown;
  isError?: boolean;
}

const errorResult = (text: string): ToolResult => ({ content: [{ type: 'text', text }], isError: true });

function invalid(name: unknown, message: string): WebMCPKitError {
  return new WebMCPKitError('WEBMCP_KIT_INVALID_DEFINITION', `defineTool(${JSON.stringify(name)}): ${message}`);
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function jsonSchemaOf(schema: StandardSchema, name: unknown, field: string): Record<string, unknown> {
  const json = schema['~standard'].jsonSchema;
  if (!json) {
    throw invalid(name, `${field} must support Standard JSON Schema (zod ≥ 4.2 does); or pass inputSchema as JSON Schema`);
  }
  return json[field === 'input' ? 'input' : 'output']({ target: 'draft-2020-12' });
}

function checkDefinition(def: ToolDefinition<StandardSchema | undefined, StandardSchema | undefined, unknown>): void {
  const { name } = def;
  const expect = (ok: boolean, field: string, expected: string, value: unknown) => {
    if (!ok) throw invalid(name, `${field}: expected ${expected}, got ${typeName(value)}`);
  };
  expect(typeof def === 'object' && def !== null, 'definition', 'an object', def);
  expect(typeof name === 'string', 'name', 'a string', name);
  expect(typeof def.description === 'string' && def.description.length > 0, 'description', 'a non-empty string', def.description);
  if (typeof def.readOnly !== 'boolean') {
    throw invalid(name, 'readOnly is required: true for a tool that only reads, false for one that changes state (each call is then confirmed by the user)');
  }
  expect(typeof def.execute === 'function', 'execute', 'a function', def.execute);
  if (def.input !== undefined) expect(isStandardSchema(def.input), 'input', 'a Standard Schema such as z.object({...})', def.input);
  if (def.output !== undefined) expect(isStandardSchema(def.output), 'output', 'a Standard Schema such as z.object({...})', def.output);
  if (def.inputSchema !== undefined) expect(typeof def.inputSchema === 'object' && def.inputSchema !== null, 'inputSchema', 'a JSON Schema object', def.inputSchema);
  if (def.input !== undefined && def.inputSchema !== undefined) throw invalid(name, 'give input or inputSchema, not both');
  const confirm = def.confirm;
  if (confirm !== undefined) {
    expect(typeof confirm === 'object' && confirm !== null, 'confirm', 'an object', confirm);
    if (confirm.skip === true) {
      expect(typeof confirm.reason === 'string' && confirm.reason.trim() !== '', 'confirm.reason', 'a non-empty string saying why no confirmation is needed', confirm.reason);
    } else {
      if (confirm.message !== undefined) expect(typeof confirm.message === 'function', 'confirm.message', 'a function (input) => string', confirm.message);
      if (confirm.via !== undefined) expect(confirm.via === 'client' || confirm.via === 'page', 'confirm.via', '"client" or "page"', confirm.via);
    }
  }
  if (def.app !== undefined) {
    expect(typeof def.app?.html === 'string', 'app.html', 'a string', def.app?.html);
    const uri = def.app.resourceUri;
    if (uri !== undefined) expect(typeof uri === 'string' && uri.startsWith('ui://'), 'app.resourceUri', 'a "ui://…" URI', uri);
  }
}

function defaultMessage(label: string, input: unknown): string {
  const args = JSON.stringify(input, null, 2) ?? '{}';
  return `Allow the agent to run "${label}"?\n\n${args.length > 600 ? `${args.slice(0, 600)}…` : args}`;
}

/**
 * Defines a tool with typed, validated input and an explicit `readOnly`. The result can be passed
 * to `document.modelContext.registerTool` or (with its MCP extras) to {@link registerTools}.
 * @example
 * ```ts
 * const addToCart = defineTool({
 *   name: 'add_to_cart', description: 'Adds a product to the cart', readOnly: false,
 *   input: z.object({ sku: z.string(), qty: z.number().int().min(1) }),
 *   confirm: { message: ({ sku, qty }) => `Add ${qty} × ${sku} to your cart?` },
 *   execute: ({ sku, qty }) => cart.add(sku, qty),
 * });
 * ```
 */
export function defineTool<
  S extends StandardSchema | undefined = undefined,
  O extends StandardSchema | undefined = undefined,
  R = unknown,
>(definition: ToolDefinition<S, O, R>): DefinedTool<InputOf<S>> {
  const def = definition as unknown as ToolDefinition<StandardSchema | undefined, StandardSchema | undefined, unknown>;
  checkDefinition(def);
  const { name, input, output, readOnly, confirm, app } = def;
  const label = def.title ?? name;
  const inputSchema = input ? jsonSchemaOf(input, name, 'input') : (def.inputSchema ?? { type: 'object', properties: {} });
  const extension: ToolExtension = {};
  if (output) extension.outputSchema = jsonSchemaOf(output, name, 'output');
  if (app) {
    const uri = app.resourceUri ?? `ui://${name}/app.html`;
    const ui: Record<string, unknown> = { resourceUri: uri };
    if (app.visibility) ui.visibility = app.visibility;
    extension._meta = { ui, 'ui/resourceUri': uri };
    const resourceUi = { csp: app.csp, permissions: app.permissions, prefersBorder: app.prefersBorder };
    extension.resources = [{ uri, name: `${label} app`, mimeType: MCP_APP_MIME_TYPE, text: app.html, _meta: { ui: resourceUi } }];
  }

  const execute = async (raw: Record<string, unknown>, options: ToolClient): Promise<unknown> => {
    const client: ToolClient = typeof options?.requestUserInteraction === 'function'
      ? options
      : createToolClient(document.modelContext ?? new EventTarget(), name, options?.signal ?? new AbortController().signal);
    let args: unknown = raw;
    if (input) {
      const parsed = await input['~standard'].validate(raw);
      if (parsed.issues) return errorResult(`Invalid input for tool "${name}": ${formatIssues(parsed.issues, 'input')}`);
      args = parsed.value;
    }
    if (!readOnly && !confirm?.skip) {
      const message = confirm?.message ? confirm.message(args as never) : defaultMessage(label, args);
      const via = confirm?.via;
      const confirmed = await client.requestUserInteraction(async () => {
        if (via === 'client' || (via !== 'page' && document.hidden)) {
          try {
            const { action, content } = await client.elicit({
              message,
              requestedSchema: { type: 'object', properties: { confirm: { type: 'boolean', title: label } }, required: ['confirm'] },
            });
            return action === 'accept' && content?.confirm === true;
          } catch {
            // The client cannot ask (no bridge caller, or no elicitation capability): the page asks.
          }
        }
        return requestConfirmation({ toolName: name, title: label, message, signal: client.signal });
      });
      // Exactly `true`: a host's requestUserInteraction that answers anything else has not confirmed.
      if (confirmed !== true) return errorResult(`The user declined to run "${label}". Nothing was changed.`);
    }
    const value = await def.execute(args as never, { ...client, toolName: name });
    // An error result is the tool's answer, not its output: it passes unchecked.
    if (!output || (value as ToolResult | null)?.isError === true) return value;
    const checked = await output['~standard'].validate(value);
    if (checked.issues) {
      const text = `Tool "${name}" returned output that does not match its output schema: ${formatIssues(checked.issues, 'output')}`;
      console.error(new WebMCPKitError('WEBMCP_KIT_INVALID_OUTPUT', text));
      return errorResult(text);
    }
    return { content: [{ type: 'text', text: JSON.stringify(checked.value) }], structuredContent: checked.value };
  };

  const annotations: ToolAnnotations = { ...def.annotations, readOnlyHint: readOnly };
  const tool: DefinedTool<InputOf<S>> = {
    name,
    description: def.description,
    inputSchema,
    annotations,
    execute: execute as ModelContextTool['execute'],
    extension,
  };
  if (def.title !== undefined) tool.title = def.title;
  return tool;
}

/** Options of {@link registerTools}. */
export interface RegisterToolsOptions {
  /** Aborting it unregisters the tools. */
  signal?: AbortSignal;
  /** The context to register with. @default `document.modelContext` (installing the polyfill if needed) */
  context?: ModelContext;
}

/** The result of {@link registerTools}. */
export interface ToolRegistration {
  /** Names of the registered tools. */
  readonly names: readonly string[];
  /** Unregisters every tool of this registration. */
  unregister(): void;
}

/**
 * Registers tools (from {@link defineTool}, or plain `ModelContextTool`s) with their MCP extras, all
 * or none: if one fails, the others are unregistered and the promise rejects with that error.
 */
export async function registerTools(
  tools: ModelContextTool | readonly ModelContextTool[],
  options: RegisterToolsOptions = {},
): Promise<ToolRegistration> {
  const list: readonly ModelContextTool[] = Array.isArray(tools) ? tools : [tools as ModelContextTool];
  const context = options.context ?? installModelContext()?.context;
  if (!context) {
    throw new WebMCPKitError('WEBMCP_KIT_NOT_SUPPORTED', 'WebMCP needs a secure context (https: or http://localhost)');
  }
  const controller = new AbortController();
  const signal = linkSignal(controller, options.signal);
  const extensions = getToolExtensions();
  const names: string[] = [];
  try {
    await Promise.all(list.map((tool) => {
      const extension = (tool as Partial<DefinedTool>).extension;
      const name = String(tool?.name);
      if (extension && Object.keys(extension).length) {
        extensions.set(name, extension);
        signal.addEventListener('abort', () => {
          if (extensions.get(name) === extension) extensions.delete(name);
        }, { once: true });
      }
      names.push(name);
      return context.registerTool(tool, { signal });
    }));
  } catch (error) {
    controller.abort();
    throw error;
  }
  return { names, unregister: () => controller.abort() };
}
