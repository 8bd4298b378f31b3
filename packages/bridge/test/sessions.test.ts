/**
 * Sessions that can't lock people out (issue 9, item 4): clients that never send `DELETE` go past
 * `maxSessions` and every one still succeeds, because the least recently used session with no
 * request in flight and no open stream is evicted (and logged); busy sessions are never evicted.
 * 1,000 raw-HTTP sessions of Inspector-style init + list + call, then real Inspector CLI commands.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBridge, type Bridge, type LogEntry } from '../src/index';
import { connectClient, firstText, openRawPage, untilTools, type RawPage } from './support';

const SESSIONS = Number(process.env.WEBMCP_SESSIONS_COUNT ?? 1000);
const MAX = 32;
let bridge: Bridge;
let page: RawPage;
const logs: LogEntry[] = [];
let held: Array<() => void> = [];

beforeAll(async () => {
  bridge = createBridge({ port: 0, maxSessions: MAX, logSink: (e) => void logs.push(e) });
  await bridge.listen();
  page = await openRawPage(bridge, 'http://localhost:5173', 'Sessions');
  page.ws.on('message', (data) => {
    const parsed = JSON.parse(data.toString()) as Record<string, unknown> | Array<Record<string, unknown>>;
    for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
      if (m.t !== 'call') continue;
      const answer = () => page.ws.send(JSON.stringify({ t: 'result', id: m.id, value: m.name === 'add' ? String((m.args as { a: number; b: number }).a + (m.args as { a: number; b: number }).b) : 'released' }));
      if (m.name === 'hold') held.push(answer);
      else answer();
    }
  });
  page.ws.send(JSON.stringify({ t: 'tools', title: 'Sessions', resources: [], tools: [
    { name: 'add', description: 'Adds', inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } } },
    { name: 'hold', description: 'Answers when the test says' },
  ] }));
  await untilTools(bridge, ['add', 'hold']);
});

afterAll(() => bridge?.close());

/** One JSON-RPC POST; returns the parsed reply (SSE `data:` line or JSON) and the session id. */
async function rpc(body: object, sid?: string): Promise<{ status: number; sid: string | null; reply: Record<string, unknown> | undefined }> {
  const headers: Record<string, string> = { authorization: `Bearer ${bridge.clientToken}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  if (sid) Object.assign(headers, { 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' });
  const res = await fetch(bridge.mcpUrl, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  const data = /^data: (.*)$/m.exec(text)?.[1] ?? (text.startsWith('{') ? text : undefined);
  return { status: res.status, sid: res.headers.get('mcp-session-id'), reply: data ? (JSON.parse(data) as Record<string, unknown>) : undefined };
}

/** What an Inspector CLI command does: initialize, initialized, list, call; never DELETE. */
async function inspectorStyleSession(i: number): Promise<void> {
  const init = await rpc({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: `raw-${i}`, version: '1' } } });
  expect(init.status, JSON.stringify(init.reply)).toBe(200);
  const sid = init.sid!;
  expect((await rpc({ jsonrpc: '2.0', method: 'notifications/initialized' }, sid)).status).toBe(202);
  const list = await rpc({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, sid);
  expect((list.reply?.result as { tools: unknown[] }).tools).toHaveLength(2);
  const call = await rpc({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'add', arguments: { a: i, b: 1 } } }, sid);
  expect(firstText(call.reply?.result)).toBe(String(i + 1));
}

describe('session cap', () => {
  it(`serves ${SESSIONS} sessions that never DELETE with maxSessions ${MAX}, evicting idle ones and never busy ones`, async () => {
    // A session with an open GET stream (SDK client) and one with a call in flight must survive.
    const streaming = await connectClient(bridge);
    const busyInit = await rpc({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'busy', version: '1' } } });
    await rpc({ jsonrpc: '2.0', method: 'notifications/initialized' }, busyInit.sid!);
    const busyCall = rpc({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'hold', arguments: {} } }, busyInit.sid!);
    await page.next('call');

    const started = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < SESSIONS) await inspectorStyleSession(next++);
    }));
    const seconds = (performance.now() - started) / 1000;
    console.info(`${SESSIONS} init+list+call sessions in ${seconds.toFixed(1)} s with maxSessions ${MAX}`);

    expect(bridge.stats().sessions).toBeLessThanOrEqual(MAX);
    const evicted = logs.filter((l) => l.msg === 'session evicted (maxSessions reached; least recently used idle session)');
    expect(evicted.length).toBeGreaterThanOrEqual(SESSIONS - MAX);
    expect(evicted[0]).toMatchObject({ maxSessions: MAX, session: expect.any(String) });
    expect(evicted.map((l) => l.session)).not.toContain(busyInit.sid);
    expect(firstText(await streaming.callTool({ name: 'add', arguments: { a: 1, b: 1 } }))).toBe('2');
    for (const answer of held.splice(0)) answer();
    expect(firstText((await busyCall).reply?.result as CallToolResult)).toBe('released');
    await streaming.close();
  }, 120_000);

  it('lets real Inspector CLI commands (a session each, never deleted) run past a cap of 2', async () => {
    const small = createBridge({ port: 0, maxSessions: 2, logSink: () => {} });
    await small.listen();
    const raw = await openRawPage(small, 'http://localhost:5173', 'Inspector');
    raw.ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { t: string; id: number; args: { a: number; b: number } };
      if (m.t === 'call') raw.ws.send(JSON.stringify({ t: 'result', id: m.id, value: String(m.args.a + m.args.b) }));
    });
    raw.ws.send(JSON.stringify({ t: 'tools', title: 'Inspector', resources: [], tools: [{ name: 'add', description: 'Adds', inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } } }] }));
    await untilTools(small, ['add']);
    const cli = fileURLToPath(new URL('../../../node_modules/@modelcontextprotocol/inspector-cli/build/cli.js', import.meta.url));
    // inspector-cli 1.0.3 reads ../package.json relative to its cwd, so run it from test/.
    const cwd = fileURLToPath(new URL('.', import.meta.url));
    const base = [cli, '--cli', small.mcpUrl, '--transport', 'http', '--header', `Authorization: Bearer ${small.clientToken}`];
    const exec = promisify(execFile);
    try {
      for (let i = 0; i < 4; i++) {
        const { stdout } = await exec(process.execPath, [...base, '--method', 'tools/call', '--tool-name', 'add', '--tool-arg', `a=${i}`, '--tool-arg', 'b=40'], { cwd, timeout: 20_000 });
        expect(JSON.parse(stdout)).toEqual({ content: [{ type: 'text', text: String(i + 40) }] });
      }
      expect(small.stats().sessions).toBeLessThanOrEqual(2);
    } finally {
      raw.ws.close();
      await small.close();
    }
  }, 120_000);
});
