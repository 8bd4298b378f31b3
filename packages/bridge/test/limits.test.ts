/**
 * Bounded everything (issue 9, item 1): each input that used to end the process — a 6,000-deep
 * inputSchema or annotations, a 10,000-deep structuredContent (with and without content), 10,000-deep
 * client arguments while another call is in flight — gets a clear error while the process, the
 * other pages and the other sessions carry on. Pages are played over raw WebSockets (a hostile page
 * sends whatever it likes); clients are real SDK clients and raw HTTP.
 */
import { PassThrough } from 'node:stream';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBridge, type Bridge, type LogEntry } from '../src/index';
import { connectClient, deepJson, firstText, openRawPage, untilTools, type RawPage } from './support';

let bridge: Bridge;
let client: Client;
let good: RawPage;
const logs: LogEntry[] = [];

/** The good page answers `echo` calls with their text, unless the test answers itself. */
function answerEchoes(page: RawPage): void {
  page.ws.on('message', (data) => {
    const parsed = JSON.parse(data.toString()) as Record<string, unknown> | Array<Record<string, unknown>>;
    for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
      if (m.t === 'call' && m.name === 'echo') page.ws.send(JSON.stringify({ t: 'result', id: m.id, value: String((m.args as { text: string }).text) }));
    }
  });
}

async function stillServing(): Promise<void> {
  const res = await fetch(`${bridge.url}/healthz`);
  expect(res.status).toBe(200);
  expect(firstText(await client.callTool({ name: 'echo', arguments: { text: 'alive' } }))).toBe('alive');
}

beforeAll(async () => {
  bridge = createBridge({ port: 0, primaryOrigin: 'http://localhost:5173', callTimeoutMs: 5000, logSink: (e) => void logs.push(e) });
  await bridge.listen();
  good = await openRawPage(bridge, 'http://localhost:5173', 'Good');
  answerEchoes(good);
  good.ws.send(JSON.stringify({ t: 'tools', title: 'Good', resources: [], tools: [
    { name: 'echo', description: 'Echoes', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } },
    { name: 'slow', description: 'Answered by the test' },
  ] }));
  await untilTools(bridge, ['echo', 'slow']);
  client = await connectClient(bridge);
});

afterAll(async () => {
  await client?.close();
  await bridge?.close();
});

describe('bounded JSON on every boundary', () => {
  for (const [field, deep] of [
    ['inputSchema', `{"type":"object","properties":{"x":${deepJson(6000)}}}`],
    ['annotations', deepJson(6000, '{"readOnlyHint":true}')],
  ] as const) {
    it(`closes a page whose tool has a 6,000-deep ${field}, with a reason and a log line naming the limit`, async () => {
      const hostile = await openRawPage(bridge, 'http://localhost:5174', 'Hostile');
      hostile.ws.send(`[{"t":"tools","title":"Hostile","resources":[],"tools":[{"name":"deep","description":"d","${field}":${deep}}]}]`);
      const { code, reason } = await hostile.closed;
      expect(code).toBe(1008);
      expect(reason).toBe('page frame nests deeper than 64 levels (limit maxJsonDepth 64)');
      expect(logs.find((l) => l.msg === 'page closed: over a limit')).toMatchObject({ origin: 'http://localhost:5174', limit: expect.stringContaining('maxJsonDepth 64') });
      expect(bridge.tools().map((t) => t.name).sort()).toEqual(['echo', 'slow']);
      await stillServing();
    });
  }

  it('closes a page whose frame is over the size bound (maxPayload), with a log line naming it', async () => {
    const hostile = await openRawPage(bridge, 'http://localhost:5175', 'Huge');
    hostile.ws.send(`{"t":"tools","title":"${'x'.repeat(17 * 1024 * 1024)}","tools":[],"resources":[]}`);
    expect((await hostile.closed).code).toBe(1009);
    expect(logs.find((l) => l.msg === 'page closed: over a limit' && l.origin === 'http://localhost:5175')).toMatchObject({ limit: 'page frame over 16777216 bytes (maxPayload)' });
    await stillServing();
  });

  for (const withContent of [false, true]) {
    it(`answers a call whose result has a 10,000-deep structuredContent ${withContent ? 'and content' : 'and no content'} with an error naming the limit`, async () => {
      const call = client.callTool({ name: 'slow', arguments: {} });
      const { id } = await good.next('call');
      const value = `{${withContent ? '"content":[{"type":"text","text":"x"}],' : ''}"structuredContent":${deepJson(10_000)}}`;
      good.ws.send(JSON.stringify({ t: 'result', id, value }));
      const result = (await call) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(firstText(result)).toMatch(/^The result of Tool "slow" of page "Good" \(http:\/\/localhost:5173\) nests deeper than 64 levels \(limit maxJsonDepth 64\)$/);
      expect(logs.filter((l) => l.msg === 'tool result refused: over a limit').at(-1)).toMatchObject({ tool: 'slow', limit: expect.stringContaining('maxJsonDepth 64') });
      await stillServing();
    });
  }

  it('answers 10,000-deep client arguments with a JSON-RPC error while another call in flight completes', async () => {
    const inFlight = client.callTool({ name: 'slow', arguments: {} });
    const { id } = await good.next('call');
    const auth = { authorization: `Bearer ${bridge.clientToken}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const init = await fetch(bridge.mcpUrl, { method: 'POST', headers: auth, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'deep', version: '1' } } }) });
    await init.text();
    const session = { ...auth, 'mcp-session-id': init.headers.get('mcp-session-id')!, 'mcp-protocol-version': '2025-11-25' };
    const deep = await fetch(bridge.mcpUrl, { method: 'POST', headers: session, body: `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"slow","arguments":${deepJson(10_000)}}}` });
    expect(deep.status).toBe(400);
    expect(await deep.json()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request: The request body nests deeper than 64 levels (limit maxJsonDepth 64)' } });
    good.ws.send(JSON.stringify({ t: 'result', id, value: 'finished' }));
    expect(firstText(await inFlight)).toBe('finished');
    await stillServing();
  });

  it('bounds the stdio boundary too: a 10,000-deep message gets a JSON-RPC error while a call in flight completes', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const lines: Array<Record<string, unknown>> = [];
    const waiters: Array<() => void> = [];
    let buffer = '';
    output.on('data', (d: Buffer) => {
      buffer += d.toString();
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        lines.push(JSON.parse(buffer.slice(0, i)) as Record<string, unknown>);
        buffer = buffer.slice(i + 1);
        for (const w of waiters.splice(0)) w();
      }
    });
    const reply = async (match: (l: Record<string, unknown>) => boolean) => {
      for (const deadline = Date.now() + 5000; !lines.some(match); ) {
        if (Date.now() > deadline) throw new Error(`no matching stdio reply; got ${JSON.stringify(lines).slice(0, 500)}`);
        await new Promise<void>((r) => waiters.push(r));
      }
      return lines.find(match)!;
    };
    await bridge.serveStdio(input, output);
    const send = (m: object | string) => input.write(`${typeof m === 'string' ? m : JSON.stringify(m)}\n`);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'stdio', version: '1' } } });
    await reply((l) => l.id === 1);
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'slow', arguments: {} } });
    const { id } = await good.next('call');
    send(`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"slow","arguments":${deepJson(10_000)}}}`);
    expect(await reply((l) => l.id === null)).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request: The message nests deeper than 64 levels (limit maxJsonDepth 64)' } });
    good.ws.send(JSON.stringify({ t: 'result', id, value: 'stdio finished' }));
    expect(firstText((await reply((l) => l.id === 2)).result)).toBe('stdio finished');
    input.end();
    await stillServing();
  });
});
