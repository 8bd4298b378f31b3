/**
 * @module
 * What a running page call asks the MCP client that made it: `client.sample` becomes
 * `sampling/createMessage` and `client.elicit` becomes `elicitation/create`, sent to the calling
 * session only. Each request is checked against the SDK's schema and bounded in size, depth and
 * number per call; the call's own timeout pauses while the client answers.
 */
import { CreateMessageRequestParamsSchema, ElicitRequestFormParamsSchema } from '@modelcontextprotocol/sdk/types.js';
import { valueDepth, valueProblem } from './json-limits';

/** Bounds on what one call may ask its client. */
export const ASK_LIMITS = {
  /** Requests a call may have waiting at once… */
  inFlight: 1,
  /** …and in all. */
  perCall: 10,
  /** Longest wait for the client's answer (a human may be filling in a form). */
  timeoutMs: 300_000,
  /** Longest request `params`, as JSON characters. */
  maxParamsChars: 100_000,
  /** Deepest request `params`. */
  maxParamsDepth: 16,
} as const;

const MAX_LOGGED_FAILURES = 3;

/** What a page may ask: `sample` (sampling) or `elicit` (elicitation). */
export type AskKind = 'sample' | 'elicit';

/** The MCP client capability each kind needs. */
export const ASK_CAPABILITY: Record<AskKind, 'sampling' | 'elicitation'> = { sample: 'sampling', elicit: 'elicitation' };

/** Sends a checked request to the calling client and resolves with its result (set by the MCP session). */
export type ClientAsk = (kind: AskKind, params: Record<string, unknown>, signal: AbortSignal) => Promise<unknown>;

/** A call's requests to its client: created when the call starts, stopped when it finishes. */
export interface CallAsker {
  /** One `ask` frame: resolves with the client's result, rejects with a message for the page. */
  ask(kind: unknown, params: unknown): Promise<unknown>;
  /**
   * Runs one `ask` frame and passes `reply` the answer for the page (its `value`, or why there is
   * none); the first few failures also go to `refused`, so a page repeating one cannot flood the log.
   */
  handle(kind: unknown, params: unknown, reply: (answer: { value?: unknown; error?: string }) => void, refused: (problem: string) => void): void;
  /** Abandons the requests still waiting (the call is over). */
  stop(): void;
}

/**
 * Creates a call's asker. `hold(true)` is called when a request starts waiting on the client and
 * `hold(false)` when it is answered, so the call's clock can pause.
 */
export function createCallAsker(send: ClientAsk | undefined, hold: (on: boolean) => void): CallAsker {
  // Made on the first request only: aborting a signal builds a DOMException (a stack capture), which
  // on every call's finish cost about 0.025 ms for calls that never ask the client anything.
  let stopped: AbortController | undefined;
  let over = false;
  let waiting = 0;
  let made = 0;
  let failures = 0;
  const asker: CallAsker = {
    async ask(kind, raw) {
      if (kind !== 'sample' && kind !== 'elicit') throw new Error(`unknown request kind ${JSON.stringify(String(kind).slice(0, 40))}`);
      if (!send) throw new Error(`${kind}(): this call has no MCP client to ask`);
      if (over) throw new Error(`${kind}(): the call is over`);
      if (waiting >= ASK_LIMITS.inFlight) throw new Error(`${kind}(): only ${ASK_LIMITS.inFlight} request to the client may wait at a time per call; await the previous one`);
      if (made >= ASK_LIMITS.perCall) throw new Error(`${kind}(): a call may make at most ${ASK_LIMITS.perCall} requests to the client`);
      const params = checkAsk(kind, raw);
      stopped ??= new AbortController();
      made++;
      waiting++;
      hold(true);
      try {
        return await send(kind, params, stopped.signal);
      } finally {
        waiting--;
        hold(false);
      }
    },
    handle(kind, params, reply, refused) {
      asker.ask(kind, params).then(
        (value) => {
          const deep = valueProblem(value, "The MCP client's answer");
          reply(deep ? { error: deep } : { value });
        },
        (e: unknown) => {
          const error = String((e as Error)?.message ?? e).slice(0, 2_000) || 'the request failed';
          if (++failures <= MAX_LOGGED_FAILURES) refused(error);
          reply({ error });
        },
      );
    },
    stop() {
      over = true;
      stopped?.abort();
    },
  };
  return asker;
}

/** Checks a page's request params; returns them as the SDK parsed them, or throws what is wrong and where. */
export function checkAsk(kind: AskKind, params: unknown): Record<string, unknown> {
  const what = `${kind}(request)`;
  if (!params || typeof params !== 'object' || Array.isArray(params)) throw new Error(`${what}: request must be an object; got ${params === null ? 'null' : Array.isArray(params) ? 'an array' : typeof params}`);
  if (valueDepth(params, ASK_LIMITS.maxParamsDepth) > ASK_LIMITS.maxParamsDepth) throw new Error(`${what}: request nests deeper than ${ASK_LIMITS.maxParamsDepth} levels`);
  const chars = JSON.stringify(params).length;
  if (chars > ASK_LIMITS.maxParamsChars) throw new Error(`${what}: request is ${chars} characters of JSON, over the ${ASK_LIMITS.maxParamsChars}-character limit`);
  const p = params as Record<string, unknown>;
  if (kind === 'sample') {
    if (!Number.isSafeInteger(p.maxTokens) || (p.maxTokens as number) < 1) throw new Error(`${what}.maxTokens: expected a positive integer; got ${JSON.stringify(p.maxTokens) ?? 'undefined'}`);
    // Tool use in sampling needs a loop the page cannot drive through the bridge.
    if (p.tools !== undefined || p.toolChoice !== undefined) throw new Error(`${what}: tools and toolChoice are not supported`);
  } else if (p.mode !== undefined && p.mode !== 'form') {
    throw new Error(`${what}.mode: only "form" elicitation is supported; got ${JSON.stringify(p.mode)}`);
  }
  const parsed = (kind === 'sample' ? CreateMessageRequestParamsSchema : ElicitRequestFormParamsSchema).safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
    throw new Error(`${what}${path}: ${issue.message}`);
  }
  return parsed.data as Record<string, unknown>;
}
