/**
 * The relay protocol (many pages over one extension WebSocket), spoken by a raw `ws` client
 * posing as the extension: pages join under their own origins, calls and results flow per
 * channel, a closed channel fails its calls, and hostile input gets a warning while the rest carry on.
 */
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_RELAY_PROTOCOL, createBridge, type Bridge, type LogEntry } from '../src/index';
import { connectClient, firstText, until, untilTools } from './support';

const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
let bridge: Bridge;
const logs: LogEntry[] = [];
const logged = new EventEmitter();

beforeAll(async () => {
  bridge = createBridge({ port: 0, allowOrigins: [EXTENSION], nameGraceMs: 0, logSink: (e) => logged.emit('log', logs.push(e)), logLevel: 'warn' });
  await bridge.listen();
});
afterAll(() => bridge?.close());

function relay(origin = EXTENSION, protocols = [PAGE_RELAY_PROTOCOL, `token.${bridge.pageToken}`]): Promise<{ ws: WebSocket; inbox: Array<{ c: number; f?: string; close?: boolean }> } | { status: number }> {
  const ws = new WebSocket(`${bridge.url.replace('http', 'ws')}/page`, protocols, { origin });
  const inbox: Array<{ c: number; f?: string; close?: boolean }> = [];
  ws.on('message', (d) => inbox.push(JSON.parse(String(d)) as (typeof inbox)[number]));
  return new Promise((resolve) => {
    ws.once('open', () => resolve({ ws, inbox }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
  });
}

const tool = { name: 'greet', description: 'Greets', inputSchema: { type: 'object', properties: { who: { type: 'string' } }, required: ['who'] } };

describe('page relay', () => {
  it('is refused to anything but an allowed extension origin', async () => {
    expect(await relay('http://127.0.0.1:1234')).toEqual({ status: 403 });
    expect(logs.some((l) => l.msg === 'rejected page: Origin not allowed' || l.msg === 'rejected relay: only a browser extension may relay pages')).toBe(true);
    expect(await relay('chrome-extension://otherotherotherotherotherotherot')).toEqual({ status: 403 });
    expect(await relay(EXTENSION, [PAGE_RELAY_PROTOCOL, 'token.wrong-token-wrong-token'])).toEqual({ status: 401 });
  });

  it('carries pages under their own origins, and calls to them, until their channel closes', async () => {
    const r = await relay();
    if (!('ws' in r)) throw new Error(`relay refused: ${r.status}`);
    const { ws, inbox } = r;
    ws.send(JSON.stringify({ c: 7, open: { origin: 'https://shop.test' } }));
    ws.send(JSON.stringify({ c: 7, f: JSON.stringify({ t: 'hello', tab: 'chrome-tab-7', title: 'Shop', url: 'https://shop.test/' }) }));
    ws.send(JSON.stringify({ c: 7, f: JSON.stringify({ t: 'tools', tools: [tool], resources: [], title: 'Shop' }) }));
    await untilTools(bridge, ['greet']);
    expect(bridge.pages()).toMatchObject([{ origin: 'https://shop.test', tab: 'chrome-tab-7', title: 'Shop' }]);

    const client = await connectClient(bridge);
    try {
      const call = client.callTool({ name: 'greet', arguments: { who: 'Ada' } });
      await until(ws, 'message', () => inbox.some((m) => m.c === 7 && m.f?.includes('"call"')));
      const sent = JSON.parse(inbox.find((m) => m.f?.includes('"call"'))!.f!) as { id: number; args: unknown };
      expect(sent.args).toEqual({ who: 'Ada' });
      ws.send(JSON.stringify({ c: 7, f: JSON.stringify({ t: 'result', id: sent.id, value: 'Hello, Ada' }) }));
      expect(firstText(await call)).toBe('Hello, Ada');

      const pending = client.callTool({ name: 'greet', arguments: { who: 'Bob' } });
      await until(ws, 'message', () => inbox.filter((m) => m.f?.includes('"call"')).length === 2);
      ws.send(JSON.stringify({ c: 7, close: true }));
      expect(firstText(await pending)).toMatch(/^Tool "greet" of page "Shop" \(https:\/\/shop\.test\) failed: the page disconnected/);
      await untilTools(bridge, []);
    } finally {
      await client.close();
      ws.close();
    }
  });

  it('warns about hostile messages and keeps serving the good channel', async () => {
    const r = await relay();
    if (!('ws' in r)) throw new Error(`relay refused: ${r.status}`);
    const { ws } = r;
    logs.length = 0;
    for (const bad of [
      'not json',
      JSON.stringify(null),
      JSON.stringify({ c: 'x', open: { origin: 'https://a.test' } }),
      JSON.stringify({ c: -1, open: { origin: 'https://a.test' } }),
      JSON.stringify({ c: 2, open: { origin: 'javascript:alert(1)' } }),
      JSON.stringify({ c: 2, open: { origin: 'https://a.test/path' } }),
      JSON.stringify({ c: 2, open: { origin: 'null' } }),
      JSON.stringify({ c: 99, f: 'frame for no channel' }),
    ]) ws.send(bad);
    ws.send(JSON.stringify({ c: 1, open: { origin: 'https://good.test' } }));
    ws.send(JSON.stringify({ c: 1, open: { origin: 'https://evil.test' } }));
    ws.send(JSON.stringify({ c: 1, f: '{"t":"hello"' }));
    ws.send(JSON.stringify({ c: 1, f: JSON.stringify({ t: 'hello', tab: 'chrome-tab-1', title: 'Good', url: 'https://good.test/' }) }));
    ws.send(JSON.stringify({ c: 1, f: JSON.stringify({ t: 'tools', tools: [tool], resources: [], title: 'Good' }) }));
    // The first page's origin (shop.test, above) keeps bare names; another origin's carry its label.
    await untilTools(bridge, ['greet__good.test']);
    expect(bridge.pages().map((p) => p.origin)).toEqual(['https://good.test']);
    const warnings = logs.map((l) => l.msg);
    expect(warnings).toEqual(expect.arrayContaining([
      'relay: malformed message',
      'relay: message without a valid channel id (c)',
      'relay: open: origin must be an http(s) origin',
      'relay: open: channel already open',
      'page sent a malformed message',
    ]));
    ws.close();
    await untilTools(bridge, []);
  });

  it('holds relayed frames to the page bounds: a page nesting too deep is closed alone', async () => {
    const r = await relay();
    if (!('ws' in r)) throw new Error(`relay refused: ${r.status}`);
    const { ws, inbox } = r;
    logs.length = 0;
    for (const c of [3, 4]) ws.send(JSON.stringify({ c, open: { origin: 'https://deep.test' } }));
    ws.send(JSON.stringify({ c: 3, f: JSON.stringify({ t: 'hello', tab: 'chrome-tab-3', title: 'Deep', url: 'https://deep.test/' }) }));
    ws.send(JSON.stringify({ c: 3, f: `{"t":"tools","tools":${'['.repeat(100)}${']'.repeat(100)}}` }));
    await until(logged, 'log', () => logs.some((l) => l.msg === 'page closed: over a limit'));
    expect(logs.find((l) => l.msg === 'page closed: over a limit')).toMatchObject({ origin: 'https://deep.test', limit: expect.stringMatching(/nests deeper than 64 levels/) });
    await until(ws, 'message', () => inbox.some((m) => m.c === 3 && m.close === true));
    // The relay and its other page carry on.
    ws.send(JSON.stringify({ c: 4, f: JSON.stringify({ t: 'hello', tab: 'chrome-tab-4', title: 'Fine', url: 'https://deep.test/' }) }));
    ws.send(JSON.stringify({ c: 4, f: JSON.stringify({ t: 'tools', tools: [tool], resources: [], title: 'Fine' }) }));
    await untilTools(bridge, ['greet__deep.test']);
    expect(bridge.pages().map((p) => p.tab)).toEqual(['chrome-tab-4']);
    ws.close();
    await untilTools(bridge, []);
  });

  it('caps the pages of one relay', async () => {
    const r = await relay();
    if (!('ws' in r)) throw new Error(`relay refused: ${r.status}`);
    logs.length = 0;
    for (let c = 1; c <= 513; c++) r.ws.send(JSON.stringify({ c, open: { origin: 'https://many.test' } }));
    await until(logged, 'log', () => logs.some((l) => l.msg.startsWith('relay: open: more than 512 pages')));
    expect(logs.filter((l) => l.msg.startsWith('relay: open: more than 512 pages'))).toHaveLength(1);
    r.ws.close();
  });
});

describe('page relay and bridge shutdown', () => {
  it('close() ends open relay connections instead of waiting for them', async () => {
    const own = createBridge({ port: 0, allowOrigins: [EXTENSION], logLevel: 'error' });
    await own.listen();
    const ws = new WebSocket(`${own.url.replace('http', 'ws')}/page`, [PAGE_RELAY_PROTOCOL, `token.${own.pageToken}`], { origin: EXTENSION });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const closed = new Promise((resolve) => ws.once('close', resolve));
    await own.close();
    await closed;
  });
});

describe('pages attached without a socket (DevTools Protocol, relay)', () => {
  it('are held to the page frame size bound: an oversized frame closes that page, naming the limit', async () => {
    const own: LogEntry[] = [];
    const b = createBridge({ port: 0, logSink: (e) => void own.push(e), logLevel: 'warn' });
    const closed: Array<{ code: number; reason: string }> = [];
    let open = true;
    const endpoint = b.attachPage(
      {
        send() {},
        close(code, reason) {
          closed.push({ code, reason });
          open = false;
          endpoint.closed();
        },
        terminate() {
          open = false;
        },
        get open() {
          return open;
        },
      },
      'https://big.test',
    );
    endpoint.receive(JSON.stringify({ t: 'hello', tab: 'cdp-tab-1', title: 'Big', url: 'https://big.test/' }));
    endpoint.receive(`{"t":"tools","title":"${'x'.repeat(17 * 1024 * 1024)}","tools":[]}`);
    expect(closed).toEqual([{ code: 1008, reason: expect.stringMatching(/^page frame over \d+ characters \(maxPayload\)$/) }]);
    expect(own.find((l) => l.msg === 'page closed: over a limit')).toMatchObject({ origin: 'https://big.test', limit: expect.stringMatching(/maxPayload/) });
    expect(b.pages()).toEqual([]);
    await b.close();
  });
});
