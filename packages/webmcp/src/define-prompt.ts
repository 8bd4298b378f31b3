/**
 * @module
 * Typed MCP prompts from a page: `definePrompt` validates arguments (a Standard Schema of string
 * fields, or a plain list) and normalizes what `get` returns to MCP messages; `registerPrompts`
 * puts prompts in the page-offers registry, where the bridge connector lists and runs them.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/prompts
 */
import { WebMCPKitError } from './errors';
import { checkDefinition, checker, checkFields, registerOffers, wrapCompleters, type Check, type Completer, type RegisterOffersOptions } from './offer-definition';
import type { OfferContext, OfferedPrompt, PromptArgument, PromptMessage, PromptResult } from './page-offers';
import { formatIssues, isStandardSchema, type InferOutput, type StandardSchema } from './standard-schema';

/** What a prompt's `get` may return: a string (one user text message), messages, or a whole result. */
export type PromptValue = string | PromptMessage[] | PromptResult;

type ArgsOf<A> = A extends StandardSchema ? InferOutput<A> : Record<string, string | undefined>;

/** A prompt definition for {@link definePrompt}. */
export interface PromptDefinition<A extends StandardSchema | readonly PromptArgument[] | undefined> {
  name: string;
  title?: string;
  description: string;
  /** A Standard Schema object of string fields, e.g. `z.object({ topic: z.string() })` (zod ≥ 4.2), or a plain list. */
  arguments?: A;
  /** Completion handlers by argument name. */
  complete?: Record<string, Completer>;
  get(args: ArgsOf<A>, context: OfferContext): PromptValue | Promise<PromptValue>;
}

const CONTENT_TYPES = ['text', 'image', 'audio', 'resource', 'resource_link'];

function argumentsOf(check: Check, args: unknown): PromptArgument[] {
  if (isStandardSchema(args)) {
    const json = args['~standard'].jsonSchema?.input({ target: 'draft-2020-12' });
    check(json?.type === 'object', 'arguments', 'an object schema (zod ≥ 4.2)', json?.type);
    return Object.entries((json!.properties ?? {}) as Record<string, Record<string, unknown>>).map(([name, field]) => {
      check(field.type === 'string', `arguments.${name}`, 'type "string"', field.type);
      return { name, title: field.title, description: field.description, required: (json!.required as string[] | undefined)?.includes(name) ?? false } as PromptArgument;
    });
  }
  check(Array.isArray(args), 'arguments', 'a Standard Schema or an array', args);
  (args as PromptArgument[]).forEach((arg, i, list) => {
    checkFields(check, arg, { name: 'string', title: 'string?', description: 'string?', required: 'boolean?' }, `arguments[${i}]`);
    check(list.findIndex((other) => other.name === arg.name) === i, `arguments[${i}].name`, 'a unique name', arg.name);
  });
  return args as PromptArgument[];
}

function toResult(value: unknown, check: Check): PromptResult {
  const result = (typeof value === 'string'
    ? { messages: [{ role: 'user', content: { type: 'text', text: value } }] }
    : Array.isArray(value) ? { messages: value } : value) as PromptResult;
  check(Array.isArray(result?.messages), 'messages', 'an array', result?.messages);
  result.messages.forEach((message, i) => {
    check(/^(user|assistant)$/.test(message?.role), `messages[${i}].role`, 'user or assistant', message?.role);
    check(CONTENT_TYPES.includes(message.content?.type), `messages[${i}].content.type`, `one of ${CONTENT_TYPES}`, message.content?.type);
  });
  return result;
}

/**
 * Defines an MCP prompt: its arguments are listed from the schema and validated on every `get`,
 * and what `get` returns is checked and normalized to MCP messages (a string becomes one user text
 * message). Errors name the field, with expected vs got.
 * @example
 * ```ts
 * const summarize = definePrompt({
 *   name: 'summarize_cart', description: 'Summarizes the cart',
 *   arguments: z.object({ tone: z.enum(['short', 'detailed']).describe('How much detail') }),
 *   get: ({ tone }) => `Summarize my cart (${tone}): ${JSON.stringify(cart.items)}`,
 * });
 * registerPrompts([summarize]);
 * ```
 */
export function definePrompt<A extends StandardSchema | readonly PromptArgument[] | undefined = undefined>(
  definition: PromptDefinition<A>,
): OfferedPrompt {
  const check = checkDefinition('definePrompt', definition, { name: 'string', title: 'string?', description: 'string', get: 'function' });
  const { name, arguments: schema } = definition;
  const list = schema === undefined ? [] : argumentsOf(check, schema);
  const complete = wrapCompleters(check, definition.complete, list.map((arg) => arg.name));
  const get = async (raw: Record<string, string> | undefined, context: OfferContext): Promise<PromptResult> => {
    const label = `prompt "${name}"`;
    let args: Record<string, unknown> = {};
    if (isStandardSchema(schema)) {
      const parsed = await schema['~standard'].validate(raw ?? {});
      if (parsed.issues) throw new WebMCPKitError('WEBMCP_KIT_INVALID_INPUT', `${label}: ${formatIssues(parsed.issues, 'arguments')}`);
      args = parsed.value as Record<string, unknown>;
    } else {
      for (const { name: key, required } of list) {
        const value = raw?.[key];
        checker(label, 'WEBMCP_KIT_INVALID_INPUT')(value === undefined ? !required : typeof value === 'string', `arguments.${key}`, 'string', value);
        if (value !== undefined) args[key] = value;
      }
    }
    return toResult(await definition.get(args as ArgsOf<A>, context), checker(`${label} returned`, 'WEBMCP_KIT_INVALID_OUTPUT'));
  };
  return { ...definition, arguments: list, complete, get } as OfferedPrompt;
}

/** The result of {@link registerPrompts}. */
export interface PromptRegistration {
  /** Names of the registered prompts. */
  readonly names: readonly string[];
  /** Removes exactly these prompts (firing one `change`). */
  unregister(): void;
}

/**
 * Offers prompts (from {@link definePrompt}) to agents through this window's page-offers registry,
 * all or none: a name already registered throws a `WEBMCP_KIT_DUPLICATE` error naming it.
 */
export function registerPrompts(prompts: OfferedPrompt | readonly OfferedPrompt[], options: RegisterOffersOptions = {}): PromptRegistration {
  return registerOffers('registerPrompts', 'names', prompts, (offers, prompt) => [offers.prompts, prompt.name], options.signal);
}
