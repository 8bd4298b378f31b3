/**
 * @module
 * One connected page as the hub keeps it, and the two ends of its channel: frames in (bounded
 * before they are parsed) and messages out (batched per turn of the event loop).
 */
import { randomUUID } from 'node:crypto';
import { textProblem } from './json-limits';
import { NO_OFFERS, type PageOfferLists } from './offer-lists';
import type { OfferRequest } from './offer-requests';
import type { PageChannel } from './page-channel';
import type { PageInfo } from './page-tools';
import type { CallHooks, PendingCall } from './pending-call';
import type { BridgeMessage, PageMessage, WireResource, WireTool } from './protocol';
import { createUpdateLimiter, type UpdateLimiter } from './resource-updates';

/** A request for a page's offers, as sent (the hub adds the id). */
export type OfferAsk = DistributiveOmit<Extract<BridgeMessage, { t: 'prompt' | 'read' | 'complete' }>, 'id'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A page connection as the hub keeps it. */
export interface PageRecord extends PageInfo {
  channel: PageChannel;
  hello: boolean;
  /** A tool list arrived since the hello. */
  toolsSeen: boolean;
  /** The last warning sent to the page (not repeated). */
  warned: string;
  tools: WireTool[];
  /** {@link tools} by name. */
  toolsByName: Map<string, WireTool>;
  /** Tool-extension resources (MCP App UIs), content included. */
  resources: WireResource[];
  calls: Map<number, PendingCall>;
  /** Prompts, resources and templates the page offers. */
  offers: PageOfferLists;
  /** An offers list arrived since the hello. */
  offersSeen: boolean;
  /** The page's last offers warning (not repeated). */
  offersWarned: string;
  /** Offer requests in flight. */
  requests: Map<number, OfferRequest>;
  updates: UpdateLimiter;
  interactions: Map<string, number>;
  /** Messages batched into the next frame. */
  outbox: BridgeMessage[];
  /** What this page's calls need from the hub (made on the first call). */
  hooks?: CallHooks;
}

/** A new page record; its resource updates go to `updated`, what the limiter held back to `limited`. */
export function createPageRecord(channel: PageChannel, origin: string, updated: (uri: string) => void, limited: (page: PageRecord, problem: string) => void): PageRecord {
  const page: PageRecord = {
    id: randomUUID(),
    tab: '',
    origin,
    title: '',
    url: '',
    path: '',
    channel,
    hello: false,
    toolsSeen: false,
    warned: '',
    tools: [],
    toolsByName: new Map(),
    resources: [],
    calls: new Map(),
    offers: NO_OFFERS,
    offersSeen: false,
    offersWarned: '',
    requests: new Map(),
    updates: createUpdateLimiter(updated, (problem) => limited(page, problem)),
    interactions: new Map(),
    outbox: [],
    hooks: undefined,
  };
  return page;
}

/**
 * Sends `msg` to the page: at once when it is alone (nothing queued, at most one call or request in
 * flight), else batched into one frame at the end of this turn. `guard` runs the deferred write.
 */
export function sendToPage(page: PageRecord, msg: BridgeMessage, guard: (run: () => void) => void): void {
  if (page.channel.open && page.outbox.length === 0 && page.calls.size + page.requests.size <= 1) return write(page, msg);
  if (page.outbox.push(msg) > 1) return;
  setImmediate(() =>
    guard(() => {
      const batch = page.outbox;
      page.outbox = [];
      if (page.channel.open) write(page, batch.length === 1 ? batch[0]! : batch);
    }),
  );
}

function write(page: PageRecord, payload: BridgeMessage | BridgeMessage[]): void {
  // Every value in a message was bounded on entry (call and offer arguments, client answers), so the
  // envelope and a batch are at most two levels deeper: no second depth walk per call here.
  let text: string;
  try {
    text = JSON.stringify(payload);
  } catch {
    throw new RangeError('a message to the page could not be serialized');
  }
  page.channel.send(text);
}

/**
 * The message (or array of messages) of a page frame; `limit` names the bound a frame went over (the
 * page is closed for it), `frame` is undefined for a malformed frame (logged and ignored).
 */
export function readFrame(text: string | undefined, maxFrameChars: number | undefined): { limit: string } | { frame?: PageMessage | PageMessage[] } {
  if (text === undefined) return {};
  if (maxFrameChars !== undefined && text.length > maxFrameChars) return { limit: `page frame over ${maxFrameChars} characters (maxPayload)` };
  const problem = textProblem(text, 'page frame');
  if (problem) return { limit: problem };
  try {
    return { frame: JSON.parse(text) as PageMessage | PageMessage[] };
  } catch {
    return {};
  }
}
