/**
 * A `readOnly: false` tool of `defineTool` asks the human at the calling MCP client to confirm
 * (`elicitation/create`) when its page is hidden or the tool says `confirm.via: 'client'`, and the
 * page's own dialog when the client did not declare elicitation; it never runs unconfirmed. Real
 * Chromium (the page is hidden for real: another tab comes to the front), the polyfill IIFE, the
 * bridge's page connector, a real bridge and real SDK clients.
 *
 * Playwright keeps every page it drives "visible", so Chromium is driven here over raw DevTools.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ElicitRequestSchema, type ElicitRequest, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, findChromium } from '../src/launch/chromium.mjs';
import { createBridge, type Bridge } from '../src/index';
import { PAGE_IIFE, POLYFILL_IIFE, connectClient, firstText, readDist, untilTools } from './support';

const PAGE_SCRIPT = `
const q = new URLSearchParams(location.search);
const { defineTool, registerTools } = WebMCPKit;
window.ran = [];
const amount = { type: 'object', properties: { amount: { type: 'number' } }, required: ['amount'] };
registerTools([
  defineTool({ name: 'pay', title: 'Pay', description: 'Pays', readOnly: false, inputSchema: amount,
    confirm: { message: ({ amount }) => 'Pay ' + amount + ' EUR?' },
    execute: ({ amount }) => { ran.push(amount); return 'paid ' + amount; } }),
  defineTool({ name: 'pay_via_client', title: 'Pay (client)', description: 'Pays, confirmed at the client', readOnly: false, inputSchema: amount,
    confirm: { via: 'client', message: ({ amount }) => 'Pay ' + amount + ' EUR?' },
    execute: ({ amount }) => { ran.push(amount); return 'paid ' + amount; } }),
]);
WebMCPBridge.connect({ url: q.get('bridge'), token: q.get('token') });
`;

/** The page's default confirmation dialog, when open. */
const OPEN_DIALOG = "document.querySelector('webmcp-confirm')?.shadowRoot.querySelector('dialog[open]')";

/** Chromium over its DevTools WebSocket: one session per tab. */
interface Chrome {
  /** Opens `url` in a new foreground tab (hiding the one in front); resolves with its target id. */
  open(url: string): Promise<string>;
  /** Brings a tab to the front. */
  activate(targetId: string): Promise<void>;
  /** Evaluates `expression` in a tab (awaiting promises); resolves with its value. */
  evaluate(targetId: string, expression: string): Promise<unknown>;
  close(): Promise<void>;
}

async function launchChrome(): Promise<Chrome> {
  const profile = mkdtempSync(join(tmpdir(), 'confirm-via-'));
  const args = [...chromiumArgs({}), '--headless', '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'];
  const child: ChildProcess = spawn(findChromium(), args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no DevTools endpoint within 20 s: ${seen}`)), 20_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const url = /DevTools listening on (ws:\S+)/.exec(seen)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
  });
  const ws = new WebSocket(endpoint);
  await once(ws, 'open');
  let lastId = 0;
  const pending = new Map<number, { resolve(v: Record<string, unknown>): void; reject(e: Error): void }>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
    const waiter = m.id === undefined ? undefined : pending.get(m.id);
    if (!waiter) return;
    pending.delete(m.id!);
    if (m.error) waiter.reject(new Error(m.error.message));
    else waiter.resolve(m.result ?? {});
  });
  const send = (method: string, params: object = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = ++lastId;
      const timer = setTimeout(() => reject(new Error(`${method}: no answer within 10 s`)), 10_000);
      pending.set(id, { resolve: (v) => (clearTimeout(timer), resolve(v)), reject: (e) => (clearTimeout(timer), reject(e)) });
      ws.send(JSON.stringify({ id, method, params, sessionId }));
    });
  const sessions = new Map<string, string>();
  const evaluate = async (targetId: string, expression: string) => {
    let sessionId = sessions.get(targetId);
    if (!sessionId) {
      sessionId = (await send('Target.attachToTarget', { targetId, flatten: true })).sessionId as string;
      sessions.set(targetId, sessionId);
    }
    const { result, exceptionDetails } = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId) as {
      result: { value?: unknown };
      exceptionDetails?: { text: string };
    };
    if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.text}`);
    return result.value;
  };
  return {
    open: async (url) => (await send('Target.createTarget', { url })).targetId as string,
    activate: async (targetId) => void (await send('Target.activateTarget', { targetId })),
    evaluate,
    close: async () => {
      ws.close();
      const exited = once(child, 'exit');
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
      rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** Resolves when `expression` is truthy in the tab, re-checking on the page's own events; bounded. */
function untilTrue(chrome: Chrome, targetId: string, expression: string, ms = 5000): Promise<unknown> {
  return chrome.evaluate(targetId, `new Promise((resolve, reject) => {
    // The dialog opens inside webmcp-confirm's shadow root, which a document observer does not see.
    const roots = new Set();
    const check = () => {
      const root = document.querySelector('webmcp-confirm')?.shadowRoot;
      if (root && !roots.has(root)) { roots.add(root); observer.observe(root, { subtree: true, childList: true, attributes: true }); }
      const v = ${expression}; if (v) { observer.disconnect(); clearTimeout(timer); document.removeEventListener('visibilitychange', check); resolve(true); }
    };
    const observer = new MutationObserver(check);
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error(${JSON.stringify(`not true within ${ms} ms: ${expression}`)})); }, ${ms});
    observer.observe(document, { subtree: true, childList: true, attributes: true });
    document.addEventListener('visibilitychange', check);
    check();
  })`);
}

/** A client declaring elicitation that answers every confirmation with `answer`, recording the requests. */
async function elicitingClient(bridge: Bridge, answer: ElicitResult): Promise<{ client: Client; asked: ElicitRequest['params'][] }> {
  const client = await connectClient(bridge, bridge.clientToken, { elicitation: {} });
  const asked: ElicitRequest['params'][] = [];
  client.setRequestHandler(ElicitRequestSchema, async (r) => {
    asked.push(r.params);
    return answer;
  });
  return { client, asked };
}

/** What the client is asked: the tool's message, and one required boolean titled with the tool's title. */
const elicitation = (title: string) => ({
  message: 'Pay 12 EUR?',
  requestedSchema: { type: 'object', properties: { confirm: { type: 'boolean', title } }, required: ['confirm'] },
});

describe('confirmations of a page tool through the MCP client', () => {
  let server: Server;
  let bridge: Bridge;
  let chrome: Chrome;
  let page: string;
  let front: string;

  const ran = () => chrome.evaluate(page, 'ran.splice(0)');
  const hide = async () => {
    await chrome.activate(front);
    await untilTrue(chrome, page, "document.visibilityState === 'hidden'");
  };

  beforeAll(async () => {
    const files: Record<string, string> = { '/polyfill.js': readDist(POLYFILL_IIFE), '/bridge.js': readDist(PAGE_IIFE), '/page.js': PAGE_SCRIPT };
    server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      if (path === '/page') {
        return void res.writeHead(200, { 'content-type': 'text/html' })
          .end('<!doctype html><meta charset="utf-8"><title>Shop</title><script src="/polyfill.js"></script><script src="/bridge.js"></script><script src="/page.js"></script>');
      }
      if (files[path] === undefined) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(files[path]);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    bridge = createBridge({ port: 0, logLevel: 'error' });
    await bridge.listen();
    chrome = await launchChrome();
    page = await chrome.open(`${origin}/page?${new URLSearchParams({ bridge: bridge.url, token: bridge.pageToken })}`);
    await untilTools(bridge, ['pay', 'pay_via_client'], 15_000);
    front = await chrome.open('about:blank');
  }, 40_000);

  afterAll(async () => {
    await bridge?.close();
    await chrome?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('hidden page: the client that declared elicitation confirms; accept runs the tool, decline does not', async () => {
    await hide();
    const accepting = await elicitingClient(bridge, { action: 'accept', content: { confirm: true } });
    const result = await accepting.client.callTool({ name: 'pay', arguments: { amount: 12 } });
    expect(firstText(result)).toBe('paid 12');
    expect(accepting.asked).toEqual([expect.objectContaining(elicitation('Pay'))]);
    expect(await ran()).toEqual([12]);

    const declining = await elicitingClient(bridge, { action: 'decline' });
    const declined = await declining.client.callTool({ name: 'pay', arguments: { amount: 12 } });
    expect(firstText(declined)).toBe('The user declined to run "Pay". Nothing was changed.');
    expect(declined.isError).toBe(true);
    expect(declining.asked).toHaveLength(1);
    expect(await ran()).toEqual([]);
    // The page never showed its dialog.
    expect(await chrome.evaluate(page, `!!${OPEN_DIALOG}`)).toBe(false);
    await Promise.all([accepting.client.close(), declining.client.close()]);
  });

  it('hidden page, client without elicitation: the page dialog asks, and the call waits for it', async () => {
    await hide();
    const plain = await connectClient(bridge);
    const call = plain.callTool({ name: 'pay', arguments: { amount: 7 } });
    await untilTrue(chrome, page, OPEN_DIALOG);
    expect(await chrome.evaluate(page, 'document.visibilityState')).toBe('hidden');
    expect(await ran()).toEqual([]);
    // The user comes back to the tab and confirms.
    await chrome.activate(page);
    await chrome.evaluate(page, `document.querySelector('webmcp-confirm').shadowRoot.querySelector('[part=confirm]').click()`);
    expect(firstText(await call)).toBe('paid 7');
    expect(await ran()).toEqual([7]);
    await plain.close();
  });

  it("visible page: the page asks by default; via: 'client' asks the client", async () => {
    await chrome.activate(page);
    await untilTrue(chrome, page, "document.visibilityState === 'visible'");
    const asker = await elicitingClient(bridge, { action: 'accept', content: { confirm: true } });
    const byPage = asker.client.callTool({ name: 'pay', arguments: { amount: 3 } });
    await untilTrue(chrome, page, OPEN_DIALOG);
    await chrome.evaluate(page, `document.querySelector('webmcp-confirm').shadowRoot.querySelector('[part=cancel]').click()`);
    expect(firstText(await byPage)).toBe('The user declined to run "Pay". Nothing was changed.');
    expect(asker.asked).toEqual([]);

    const byClient = await asker.client.callTool({ name: 'pay_via_client', arguments: { amount: 12 } });
    expect(firstText(byClient)).toBe('paid 12');
    expect(asker.asked).toEqual([expect.objectContaining(elicitation('Pay (client)'))]);
    expect(await ran()).toEqual([12]);
    await asker.client.close();
  });
});
