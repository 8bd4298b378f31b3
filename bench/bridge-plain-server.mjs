// The baseline for the bridge benchmark: a plain MCP SDK 1.32 server offering the same no-op tool,
// over stdio (`--stdio`) or Streamable HTTP (stateful sessions, SSE replies; prints its URL).
// Also imported for the in-memory transport figure (createPlainServer) and by the floor
// (bridge-floor-server.mjs), which serves its forwarding tool the same two ways.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { isMain } from './support.mjs';

/** An SDK server with one tool, `noop`, answered by `handler` (default: the text "ok" at once). */
export function createPlainServer(handler = async () => 'ok') {
  const mcp = new McpServer({ name: 'plain', version: '1.0.0' });
  mcp.registerTool('noop', { description: 'Does nothing' }, async () => ({ content: [{ type: 'text', text: await handler() }] }));
  return mcp;
}

/** Serves `create()` servers over Streamable HTTP on 127.0.0.1 (a server per session, as the SDK docs do); resolves with the /mcp URL. */
export function serveStreamableHttp(create) {
  const sessions = new Map();
  const http = createServer(async (req, res) => {
    const sid = req.headers['mcp-session-id'];
    let body;
    if (req.method === 'POST') {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      body = JSON.parse(Buffer.concat(chunks).toString());
    }
    if (sid && sessions.has(sid)) return sessions.get(sid).handleRequest(req, res, body);
    if (req.method === 'POST' && isInitializeRequest(body)) {
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: randomUUID, onsessioninitialized: (id) => sessions.set(id, transport) });
      transport.onclose = () => sessions.delete(transport.sessionId);
      await create().connect(transport);
      return transport.handleRequest(req, res, body);
    }
    res.writeHead(400).end();
  });
  return new Promise((resolve) => http.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${http.address().port}/mcp`)));
}

/** Serves one `create()` server on stdin/stdout. */
export const serveStdio = (create) => create().connect(new StdioServerTransport());

if (isMain(import.meta.url) && process.argv.includes('--stdio')) {
  await serveStdio(createPlainServer);
} else if (isMain(import.meta.url)) {
  console.log(await serveStreamableHttp(createPlainServer));
}
