/**
 * Who confirms a `readOnly: false` tool's call: the page, or the human at the calling MCP client
 * (an elicitation through the caller's notify) when the tool says `via: 'client'` or the page is
 * hidden; the page's dialog whenever the client cannot ask. Over the polyfill and native Chromium.
 * (packages/bridge/test/confirm-via-client.test.ts runs it end to end with a really hidden tab.)
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setConfirmationHandler } from '../src/confirm-dialog';
import { defineTool, registerTools, type ConfirmVia } from '../src/define-tool';
import { isWebMCPKitError } from '../src/errors';
import { installModelContext } from '../src/install';
import { TOOL_NOTIFY, type ToolElicitResult, type ToolNotify } from '../src/types';
import { getTool } from './setup';

const registrations: Array<{ unregister(): void }> = [];
let pageAsked: string[] = [];
let ran = 0;
beforeAll(() => {
  installModelContext();
});
afterEach(() => {
  while (registrations.length) registrations.pop()?.unregister();
  setConfirmationHandler(null);
  delete (document as { hidden?: boolean }).hidden;
  pageAsked = [];
  ran = 0;
});

/** Registers `pay` with `via`, the page answering `pageAnswer`. */
async function payTool(via?: ConfirmVia, pageAnswer = true): Promise<void> {
  setConfirmationHandler(({ message }) => {
    pageAsked.push(message);
    return pageAnswer;
  });
  registrations.push(await registerTools(defineTool({
    name: 'pay', title: 'Pay', description: 'Pays', readOnly: false,
    confirm: { message: () => 'Pay 12 EUR?', ...(via ? { via } : {}) },
    execute: () => { ran++; return 'paid'; },
  })));
}

/** Calls `pay` as a caller whose client answers elicitations with `answer` (or rejects with it). */
async function callPay(answer?: ToolElicitResult | Error): Promise<{ result: string; asked: unknown[] }> {
  const asked: unknown[] = [];
  const notify: ToolNotify = (m) => {
    if (m.t !== 'elicit') return undefined;
    asked.push(m.params);
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  };
  const options = answer === undefined ? {} : { [TOOL_NOTIFY]: notify };
  const text = await document.modelContext.executeTool(await getTool('pay'), {}, options);
  return { result: text?.startsWith('{') ? JSON.parse(text).content[0].text : text, asked };
}

const DECLINED = 'The user declined to run "Pay". Nothing was changed.';
const ELICITATION = {
  message: 'Pay 12 EUR?',
  requestedSchema: { type: 'object', properties: { confirm: { type: 'boolean', title: 'Pay' } }, required: ['confirm'] },
};

describe("confirm.via: 'client'", () => {
  it('asks the calling client, not the page; runs only on accept with confirm: true', async () => {
    await payTool('client');
    expect(await callPay({ action: 'accept', content: { confirm: true } })).toEqual({ result: 'paid', asked: [ELICITATION] });
    expect(pageAsked).toEqual([]);
    for (const answer of [
      { action: 'accept', content: { confirm: false } },
      { action: 'accept', content: { confirm: 'true' } },
      { action: 'accept' },
      { action: 'decline' },
      { action: 'cancel' },
    ] as ToolElicitResult[]) {
      expect((await callPay(answer)).result, JSON.stringify(answer)).toBe(DECLINED);
    }
    expect(ran).toBe(1);
    expect(pageAsked).toEqual([]);
  });

  it('falls back to the page when the client cannot ask (no caller, or no elicitation capability)', async () => {
    await payTool('client', false);
    expect(await callPay()).toEqual({ result: DECLINED, asked: [] });
    const refused = await callPay(new Error('elicit(): the MCP client did not declare the "elicitation" capability'));
    expect(refused).toEqual({ result: DECLINED, asked: [ELICITATION] });
    expect(pageAsked).toEqual(['Pay 12 EUR?', 'Pay 12 EUR?']);
    expect(ran).toBe(0);
  });

  it('marks the wait for the client with toolinteractionstart/end', async () => {
    const events: string[] = [];
    const log = (e: Event) => events.push(e.type);
    document.modelContext.addEventListener('toolinteractionstart', log);
    document.modelContext.addEventListener('toolinteractionend', log);
    await payTool('client');
    await callPay({ action: 'accept', content: { confirm: true } });
    document.modelContext.removeEventListener('toolinteractionstart', log);
    document.modelContext.removeEventListener('toolinteractionend', log);
    expect(events).toEqual(['toolinteractionstart', 'toolinteractionend']);
  });
});

describe('by default', () => {
  it('the page asks while it is visible, even when the client could', async () => {
    await payTool();
    expect(document.hidden).toBe(false);
    expect(await callPay({ action: 'accept', content: { confirm: true } })).toEqual({ result: 'paid', asked: [] });
    expect(pageAsked).toEqual(['Pay 12 EUR?']);
  });

  it('the client asks while the page is hidden; the page when the client cannot', async () => {
    // A stand-in for a background tab (the bridge test hides a real one).
    Object.defineProperty(document, 'hidden', { configurable: true, value: true });
    await payTool(undefined, false);
    expect(await callPay({ action: 'accept', content: { confirm: true } })).toEqual({ result: 'paid', asked: [ELICITATION] });
    expect(await callPay({ action: 'decline' })).toEqual({ result: DECLINED, asked: [ELICITATION] });
    expect(pageAsked).toEqual([]);
    expect(await callPay(new Error('no capability'))).toEqual({ result: DECLINED, asked: [ELICITATION] });
    expect(pageAsked).toEqual(['Pay 12 EUR?']);
  });

  it("via: 'page' keeps the page asking while hidden", async () => {
    Object.defineProperty(document, 'hidden', { configurable: true, value: true });
    await payTool('page');
    expect(await callPay({ action: 'accept', content: { confirm: true } })).toEqual({ result: 'paid', asked: [] });
    expect(pageAsked).toEqual(['Pay 12 EUR?']);
  });
});

it('refuses a bad confirm.via, naming the field', () => {
  let error: unknown;
  try {
    defineTool({ name: 'x', description: 'd', readOnly: false, confirm: { via: 'agent' as ConfirmVia }, execute: () => 1 });
  } catch (e) {
    error = e;
  }
  expect(isWebMCPKitError(error)).toBe(true);
  expect((error as Error).message).toBe('defineTool("x"): confirm.via: expected "client" or "page", got string');
});
