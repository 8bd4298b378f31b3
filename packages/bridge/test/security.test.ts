/**
 * Security defaults over real HTTP and WebSocket connections: Host and Origin checks (DNS
 * rebinding), tokens, body limits, sessions (expiry, DELETE, id entropy), health and option checks.
 */
import { EventEmitter } from 'node:events';
import { request } from 'node:http';
import { WebSocket } from 'ws';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBridge, isBridgeError, type Bridge, type LogEntry } from '../src/index';
import { connectClient, until } from './support';

let bridge: Bridge;
const logs: LogEntry[] = [];
const logEvents = new EventEmitter();

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so Host and Origin can be set freely (fetch forbids Host). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string, target = bridge): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: target.port, method, path, headers: { host: `127.0.0.1:${target.port}`, ...headers } }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/** Opens a page WebSocket and reports the HTTP status of a refused upgrade (or 101). */
function pageSocket(headers: Record<string, string>, protocols: string[], target = bridge): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${target.port}/page`, protocols, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.on('error', () => {});
  });
}

beforeAll(async () => {
  bridge = createBridge({ port: 0, sessionIdleMs: 300, maxRequestBytes: 64 * 1024, clientOrigins: ['https://client.example'], logSink: (e) => {
      logs.push(e);
      logEvents.emit('log', e);
    } });
  await bridge.listen();
});

afterAll(() => bridge?.close());

describe('bridge security defaults', () => {
  it('binds to 127.0.0.1 and reports health counts', async () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}`);
    const res = await raw('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, pages: 0, tools: 0, sessions: 0 });
    expect((await raw('GET', '/healthz', { host: `localhost:${bridge.port}` })).status).toBe(200);
    expect((await raw('GET', '/healthz', { host: `[::1]:${bridge.port}` })).status).toBe(200);
  });

  it('rejects a foreign Host on every route, the page WebSocket included (403)', async () => {
    for (const path of ['/mcp', '/healthz', '/bridge-page.iife.js']) {
      const res = await raw('POST', path, { host: 'evil.example.com', authorization: `Bearer ${bridge.clientToken}`, ...MCP_HEADERS }, INIT);
      expect(res.status, path).toBe(403);
      expect(res.body).toContain('Host header \\"evil.example.com\\" is not allowed');
    }
    const status = await pageSocket({ host: `evil.example.com:${bridge.port}`, origin: 'http://localhost:3000' }, ['webmcp-bridge.v1', `token.${bridge.pageToken}`]);
    expect(status).toBe(403);
  });

  it('rejects a foreign Origin on /mcp (403) and never sends a CORS wildcard', async () => {
    const evil = await raw('POST', '/mcp', { origin: 'http://evil.example.com', authorization: `Bearer ${bridge.clientToken}`, ...MCP_HEADERS }, INIT);
    expect(evil.status).toBe(403);
    expect(evil.body).toContain('Origin \\"http://evil.example.com\\" is not allowed');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    const same = await raw('POST', '/mcp', { origin: `http://127.0.0.1:${bridge.port}`, authorization: `Bearer ${bridge.clientToken}`, ...MCP_HEADERS }, INIT);
    expect(same.status).toBe(200);
    const sameName = await raw('POST', '/mcp', { origin: `http://localhost:${bridge.port}`, authorization: `Bearer ${bridge.clientToken}`, ...MCP_HEADERS }, INIT);
    expect(sameName.status).toBe(403);
    const preflight = await raw('OPTIONS', '/mcp', { origin: 'https://client.example', 'access-control-request-method': 'POST' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://client.example');
    const allowed = await raw('POST', '/mcp', { origin: 'https://client.example', authorization: `Bearer ${bridge.clientToken}`, ...MCP_HEADERS }, INIT);
    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://client.example');
  });

  it('lets pages in only from allowed origins and with the page token', async () => {
    const good = ['webmcp-bridge.v1', `token.${bridge.pageToken}`];
    expect(await pageSocket({ origin: 'http://localhost:5173' }, good)).toBe(101);
    expect(await pageSocket({ origin: 'http://127.0.0.1:8080' }, good)).toBe(101);
    expect(await pageSocket({ origin: 'https://evil.example.com' }, good)).toBe(403);
    expect(await pageSocket({ origin: 'null' }, good)).toBe(403);
    expect(await pageSocket({}, good)).toBe(403);
    expect(await pageSocket({ origin: 'http://localhost:5173' }, ['webmcp-bridge.v1'])).toBe(401);
    expect(await pageSocket({ origin: 'http://localhost:5173' }, ['webmcp-bridge.v1', 'token.wrong-token-wrong-token'])).toBe(401);

    const custom = createBridge({ port: 0, allowOrigins: ['https://app.example'], logSink: () => {} });
    await custom.listen();
    const token = ['webmcp-bridge.v1', `token.${custom.pageToken}`];
    expect(await pageSocket({ origin: 'https://app.example' }, token, custom)).toBe(101);
    expect(await pageSocket({ origin: 'http://localhost:5173' }, token, custom)).toBe(403);
    await custom.close();
  });

  it('requires the client bearer token on /mcp (401), compared exactly', async () => {
    const none = await raw('POST', '/mcp', MCP_HEADERS, INIT);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="webmcp-bridge"');
    const wrong = await raw('POST', '/mcp', { ...MCP_HEADERS, authorization: `Bearer ${bridge.clientToken}x` }, INIT);
    expect(wrong.status).toBe(401);
    await expect(connectClient(bridge, 'not-the-token-at-all')).rejects.toThrow(/401|Unauthorized/);
    const c = await connectClient(bridge);
    expect(c.getServerVersion()?.name).toBe('webmcp-bridge');
    await c.close();
    const text = JSON.stringify(logs);
    expect(text).not.toContain(bridge.clientToken!);
    expect(text).not.toContain(bridge.pageToken);
  });

  it('generates 256-bit tokens and random session ids of at least 128 bits', async () => {
    expect(bridge.pageToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(bridge.clientToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(bridge.pageToken).not.toBe(bridge.clientToken);
    const ids = await Promise.all([1, 2].map(async () => (await raw('POST', '/mcp', { ...MCP_HEADERS, authorization: `Bearer ${bridge.clientToken}` }, INIT)).headers['mcp-session-id'] as string));
    for (const id of ids) {
      expect(Buffer.from(id, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
      expect(id).not.toContain(bridge.clientToken!);
    }
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('answers an oversize request body with 413', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(70 * 1024) } });
    const res = await raw('POST', '/mcp', { ...MCP_HEADERS, authorization: `Bearer ${bridge.clientToken}` }, big);
    expect(res.status).toBe(413);
    expect(res.body).toContain('exceeds 65536 bytes');
  });

  it('expires idle sessions and honours DELETE', async () => {
    const auth = { ...MCP_HEADERS, authorization: `Bearer ${bridge.clientToken}` };
    const init = await raw('POST', '/mcp', auth, INIT);
    const sid = init.headers['mcp-session-id'] as string;
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' });
    expect((await raw('POST', '/mcp', { ...auth, 'mcp-session-id': sid }, ping)).status).toBe(200);
    await until(logEvents, 'log', () => logs.some((l) => l.msg === 'session expired (idle)' && l.session === sid), 3000, 'idle expiry');
    expect((await raw('POST', '/mcp', { ...auth, 'mcp-session-id': sid }, ping)).status).toBe(404);

    const client = new Client({ name: 'delete', version: '1' });
    const transport = new StreamableHTTPClientTransport(new URL(bridge.mcpUrl), { requestInit: { headers: { authorization: `Bearer ${bridge.clientToken}` } } });
    await client.connect(transport);
    const id = transport.sessionId!;
    await transport.terminateSession();
    expect((await raw('POST', '/mcp', { ...auth, 'mcp-session-id': id }, ping)).status).toBe(404);
    await client.close();
  });

  it('refuses unsafe options with clear errors', () => {
    const attempt = (o: Parameters<typeof createBridge>[0]) => {
      try {
        createBridge(o);
      } catch (e) {
        return isBridgeError(e) ? `${e.code}: ${e.message}` : String(e);
      }
      return 'accepted';
    };
    expect(attempt({ host: '0.0.0.0', clientAuth: false, allowedHosts: ['box.lan'] })).toMatch(/^WEBMCP_BRIDGE_INVALID_OPTION: clientAuth: false .* only allowed on a loopback host/);
    expect(attempt({ host: '0.0.0.0' })).toMatch(/host 0\.0\.0\.0 is not loopback: list the hostnames/);
    expect(attempt({ allowOrigins: ['*'] })).toMatch(/origin "\*" must look like scheme:\/\/host/);
    expect(attempt({ pageToken: 'short' })).toMatch(/pageToken must be 16–512 characters/);
    expect(attempt({ callTimeoutMs: -1 })).toMatch(/callTimeoutMs must be a positive number/);
    expect(attempt({ clientAuth: false })).toBe('accepted');
  });

  it('answers with JSON instead of SSE when jsonResponse is set', async () => {
    const json = createBridge({ port: 0, jsonResponse: true, logSink: () => {} });
    await json.listen();
    const res = await raw('POST', '/mcp', { ...MCP_HEADERS, authorization: `Bearer ${json.clientToken}` }, INIT, json);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body).result.serverInfo.name).toBe('webmcp-bridge');
    const sse = await raw('POST', '/mcp', { ...MCP_HEADERS, authorization: `Bearer ${bridge.clientToken}` }, INIT);
    expect(sse.headers['content-type']).toMatch(/^text\/event-stream/);
    await json.close();
  });

  it('survives a hostile page: malformed frames and invalid tools are dropped, valid ones kept', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/page`, ['webmcp-bridge.v1', `token.${bridge.pageToken}`], { headers: { origin: 'http://localhost:5173' } });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const welcome = new Promise<{ t: string; tab: string }>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
    ws.send('{not json');
    ws.send(JSON.stringify({ t: 'tools', tools: [{ name: 'early', description: 'before hello' }], resources: [], title: 'x' }));
    ws.send(JSON.stringify({ t: 'hello', tab: 'not a valid tab id!', title: 'T'.repeat(1000), url: 'http://localhost:5173/' }));
    const w = await welcome;
    expect(w.t).toBe('welcome');
    expect(w.tab).toMatch(/^[0-9a-f-]{36}$/);
    ws.send(JSON.stringify([
      { t: 'tools', title: 'Hostile', resources: [{ uri: 5 }], tools: [
        { name: 'has space', description: 'd' },
        { name: 'no_description' },
        { name: 'string_schema', description: 'd', inputSchema: { type: 'string' } },
        { name: 'x'.repeat(129), description: 'd' },
        { name: 'fine', description: 'd', inputSchema: { properties: { a: { type: 'number' } } } },
      ] },
      { t: 'result', id: 999, value: 'nobody asked' },
    ]));
    await until(bridge.events, 'toolschange', () => bridge.tools().length === 1);
    expect(bridge.tools().map((t) => t.name)).toEqual(['fine']);
    expect(bridge.pages().find((p) => p.title === 'Hostile')).toBeDefined();
    const skipped = logs.filter((l) => String(l.msg).startsWith('page tool skipped')).map((l) => l.tool);
    expect(skipped).toEqual(expect.arrayContaining(['has space', 'no_description', 'string_schema']));
    const c = await connectClient(bridge);
    const [tool] = (await c.listTools()).tools;
    expect(tool!.inputSchema).toEqual({ type: 'object', properties: { a: { type: 'number' } } });
    await c.close();
    ws.close();
    await until(bridge.events, 'toolschange', () => bridge.tools().length === 0);
  });
});
