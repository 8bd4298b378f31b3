// The floor of a page-tool call: a plain MCP SDK server whose one tool, `noop`, forwards `{id}` over
// a raw `ws` WebSocket to a page, where the page calls `document.modelContext.executeTool` and
// answers `{id, value}` (bench page: `connectFloor(url)`). No checks, no batching, no schema:
// nothing a page bridge does can cost less. Same SDK server as the plain baseline, served the same
// two ways: Streamable HTTP (prints "<mcp url> <ws url>" on stdout) or `--stdio` (prints the ws URL
// on stderr; stdout is the MCP stream).
import { WebSocketServer } from 'ws';
import { createPlainServer, serveStdio, serveStreamableHttp } from './bridge-plain-server.mjs';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise((resolve) => wss.once('listening', resolve));
let page;
let next = 0;
const pending = new Map();
wss.on('connection', (ws) => {
  page = ws;
  ws.on('message', (data) => {
    const { id, value, error } = JSON.parse(data);
    const waiter = pending.get(id);
    pending.delete(id);
    if (waiter) error ? waiter.reject(new Error(error)) : waiter.resolve(value);
  });
});

const forward = () =>
  new Promise((resolve, reject) => {
    if (!page) return reject(new Error('no page connected to the floor'));
    const id = ++next;
    pending.set(id, { resolve, reject });
    page.send(JSON.stringify({ id }));
  });
const create = () => createPlainServer(forward);
// Exit normally on SIGTERM (and when the stdio client closes stdin) so a --cpu-prof profile gets written.
process.on('SIGTERM', () => process.exit(0));
const wsUrl = `ws://127.0.0.1:${wss.address().port}`;

if (process.argv.includes('--stdio')) {
  await serveStdio(create);
  process.stdin.on('end', () => process.exit(0));
  process.stderr.write(`floor page socket ${wsUrl}\n`);
} else {
  console.log(`${await serveStreamableHttp(create)} ${wsUrl}`);
}
