/**
 * A page tool's `client.sample` and `client.elicit` reach the MCP session that made the call as
 * `sampling/createMessage` and `elicitation/create`, over real Chromium pages (webmcp-kit alone and
 * layered over native WebMCP) and real SDK clients that do and do not declare the capabilities; bad
 * requests get clear errors, and a page flooding requests is bounded while others carry on.
 */
import { chromium, type Browser } from 'playwright';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, type CreateMessageRequest, type ElicitRequest } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.mjs';
import { ASK_LIMITS } from '../src/client-requests';
import { createBridge, type Bridge, type LogEntry } from '../src/index';
import { DIST, POLYFILL_IIFE, connectClient, firstText, openRawPage, pageUrl, readDist, startPageServer, untilTools } from './support';

const TOOLS = ['test_sampling', 'test_elicitation', 'bad_asks', 'flood_asks', 'echo'];

/** A client declaring sampling and elicitation that records the requests it answers. */
async function askingClient(bridge: Bridge, delayMs = 0): Promise<{ client: Client; samples: CreateMessageRequest['params'][]; elicits: ElicitRequest['params'][] }> {
  const client = await connectClient(bridge, bridge.clientToken, { sampling: {}, elicitation: {} });
  const samples: CreateMessageRequest['params'][] = [];
  const elicits: ElicitRequest['params'][] = [];
  client.setRequestHandler(CreateMessageRequestSchema, async (r) => {
    samples.push(r.params);
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return { role: 'assistant', content: { type: 'text', text: `answer ${samples.length}` }, model: 'test-model', stopReason: 'endTurn' };
  });
  client.setRequestHandler(ElicitRequestSchema, async (r) => {
    elicits.push(r.params);
    return { action: 'accept', content: { username: 'ada', email: 'ada@example.com' } };
  });
  return { client, samples, elicits };
}

describe.each([
  { mode: 'webmcp-kit polyfill', webmcp: false },
  { mode: 'webmcp-kit layered over native WebMCP', webmcp: true },
])('sampling and elicitation from a page tool ($mode)', ({ webmcp }) => {
  let browser: Browser;
  let pages: Awaited<ReturnType<typeof startPageServer>>;
  let bridge: Bridge;
  const bridgeLogs: LogEntry[] = [];

  beforeAll(async () => {
    readDist(POLYFILL_IIFE);
    [browser, pages] = await Promise.all([chromium.launch(chromiumLaunchOptions({ webmcp })), startPageServer()]);
    // A short call timeout: a slow client answer must not count against it.
    bridge = createBridge({ port: 0, callTimeoutMs: 1500, logSink: (e) => bridgeLogs.push(e) });
    await bridge.listen();
    const page = await browser.newPage();
    await page.goto(pageUrl(pages.origin, bridge, { title: 'Asks', tools: TOOLS, polyfill: true }));
    await untilTools(bridge, TOOLS);
  }, 30_000);

  afterAll(async () => {
    await bridge?.close();
    await browser?.close();
    await pages?.close();
  });

  it("sends sampling/createMessage to the calling session and returns the model's answer to the page", async () => {
    const asker = await askingClient(bridge);
    const other = await askingClient(bridge);
    const result = await asker.client.callTool({ name: 'test_sampling', arguments: { prompt: 'Say hi' } });
    expect(firstText(result)).toBe('LLM response: answer 1');
    expect(asker.samples).toEqual([{ messages: [{ role: 'user', content: { type: 'text', text: 'Say hi' } }], maxTokens: 100 }]);
    expect(other.samples).toEqual([]);
    await Promise.all([asker.client.close(), other.client.close()]);
  });

  it('sends elicitation/create to the calling session and returns the action and content to the page', async () => {
    const asker = await askingClient(bridge);
    const result = await asker.client.callTool({ name: 'test_elicitation', arguments: { message: 'Who are you?' } });
    expect(firstText(result)).toBe('User response: {"action":"accept","content":{"username":"ada","email":"ada@example.com"}}');
    expect(asker.elicits).toHaveLength(1);
    expect(asker.elicits[0]).toMatchObject({ message: 'Who are you?', requestedSchema: { type: 'object', required: ['username', 'email'] } });
    await asker.client.close();
  });

  it('rejects in the page, naming the capability, when the client did not declare it', async () => {
    const plain = await connectClient(bridge);
    const sampled = await plain.callTool({ name: 'test_sampling', arguments: { prompt: 'x' } });
    expect(sampled.isError).toBe(true);
    expect(firstText(sampled)).toMatch(/sample\(\): the MCP client did not declare the "sampling" capability/);
    const elicited = await plain.callTool({ name: 'test_elicitation', arguments: { message: 'x' } });
    expect(elicited.isError).toBe(true);
    expect(firstText(elicited)).toMatch(/elicit\(\): the MCP client did not declare the "elicitation" capability/);
    await plain.close();
  });

  it("pauses the call's timeout while the client answers", async () => {
    // The client takes longer than the whole call timeout (1500 ms) to answer.
    const slow = await askingClient(bridge, 2000);
    const result = await slow.client.callTool({ name: 'test_sampling', arguments: { prompt: 'slowly' } });
    expect(result.isError).toBeFalsy();
    expect(firstText(result)).toBe('LLM response: answer 1');
    await slow.client.close();
  });

  it('refuses bad requests with what is wrong and where, without asking the client', async () => {
    const asker = await askingClient(bridge);
    const errors = JSON.parse(firstText(await asker.client.callTool({ name: 'bad_asks', arguments: {} }))) as string[];
    expect(errors[0]).toBe('sample(request).maxTokens: expected a positive integer; got 0');
    expect(errors[1]).toMatch(/^sample\(request\)\.messages\[0\]\.role: /);
    expect(errors[2]).toMatch(/^elicit\(request\)\.requestedSchema\.properties\.address/);
    expect(errors[3]).toMatch(/^elicit\(request\): request is \d+ characters of JSON, over the 100000-character limit$/);
    expect(errors[4]).toBe('sample(request): request must be an object; got string');
    expect(asker.samples).toEqual([]);
    expect(asker.elicits).toEqual([]);
    await asker.client.close();
  });

  it('bounds a page flooding requests: one at a time, ten per call, while other sessions carry on', async () => {
    const asker = await askingClient(bridge);
    const bystander = await connectClient(bridge);
    const [flood, echo] = await Promise.all([
      asker.client.callTool({ name: 'flood_asks', arguments: {} }),
      bystander.callTool({ name: 'echo', arguments: { text: 'still here' } }),
    ]);
    expect(firstText(echo)).toBe('Asks:still here');
    const { burst, serial } = JSON.parse(firstText(flood)) as { burst: string[]; serial: string[] };
    expect(burst.filter((r) => r === 'ok')).toHaveLength(ASK_LIMITS.inFlight);
    expect(new Set(burst.filter((r) => r !== 'ok'))).toEqual(new Set(['sample(): only 1 request to the client may wait at a time per call; await the previous one']));
    expect(serial.filter((r) => r === 'ok')).toHaveLength(ASK_LIMITS.perCall - 1);
    expect(serial.slice(-3)).toEqual(['sample(): a call may make at most 10 requests to the client', 'sample(): a call may make at most 10 requests to the client', 'sample(): a call may make at most 10 requests to the client']);
    // The client saw only what the bounds let through, and the bridge logged the first 3 refusals only.
    expect(asker.samples).toHaveLength(ASK_LIMITS.perCall);
    expect(bridgeLogs.filter((e) => e.msg === 'client request refused or failed' && e.tool === 'flood_asks')).toHaveLength(3);
    await Promise.all([asker.client.close(), bystander.close()]);
  });
});

describe('sampling requests from a raw (hostile) page', () => {
  it('answers asks of unknown calls and malformed asks with errors, logging refusals; the bridge carries on', async () => {
    const logs: LogEntry[] = [];
    const bridge = createBridge({ port: 0, logSink: (e) => logs.push(e) });
    await bridge.listen();
    try {
      const raw = await openRawPage(bridge, 'http://localhost:5173', 'Hostile');
      raw.ws.send(JSON.stringify({ t: 'ask', id: 12345, rid: 1, kind: 'sample', params: { messages: [], maxTokens: 1 } }));
      expect(await raw.next('answer')).toEqual({ t: 'answer', rid: 1, error: 'the call is over' });
      raw.ws.send(JSON.stringify({ t: 'tools', title: 'Hostile', resources: [], tools: [{ name: 'asker', description: 'Asks' }] }));
      await untilTools(bridge, ['asker']);
      const asker = await askingClient(bridge);
      const name = bridge.tools().find((t) => t.toolName === 'asker')!.name;
      const calling = asker.client.callTool({ name, arguments: {} });
      const call = await raw.next('call');
      raw.ws.send(JSON.stringify([
        { t: 'ask', id: call.id, rid: 2, kind: 'shell', params: {} },
        { t: 'ask', id: call.id, rid: 'x', kind: 'sample', params: {} },
        { t: 'ask', id: call.id, rid: 3, kind: 'sample', params: { messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }], maxTokens: 3 } },
      ]));
      // Answered by the bridge at once (rid 2) and after the client's round trip (rid 3); rid "x" is dropped.
      await expect.poll(() => raw.received.filter((m) => m.t === 'answer').length).toBe(3);
      expect(raw.received.filter((m) => m.t === 'answer').slice(1)).toEqual([
        { t: 'answer', rid: 2, error: 'unknown request kind "shell"' },
        { t: 'answer', rid: 3, value: { role: 'assistant', content: { type: 'text', text: 'answer 1' }, model: 'test-model', stopReason: 'endTurn' } },
      ]);
      expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'client request refused or failed', tool: 'asker', problem: 'unknown request kind "shell"' }));
      raw.ws.send(JSON.stringify({ t: 'result', id: call.id, value: 'done' }));
      expect(firstText(await calling)).toBe('done');
      await asker.client.close();
      raw.ws.close();
    } finally {
      await bridge.close();
    }
  });
});

describe('sampling and elicitation over stdio (the built CLI)', () => {
  it("sends the page tool's requests to the stdio client and returns its answers", async () => {
    const token = 'stdio-page-token-asks-0123456789';
    const transport = new StdioClientTransport({ command: process.execPath, args: [`${DIST}cli.js`, '--port', '0', '--stdio', '--page-token', token], stderr: 'pipe' });
    let stderr = '';
    transport.stderr!.on('data', (d: Buffer) => void (stderr += d.toString()));
    const c = new Client({ name: 'stdio-asks', version: '1.0.0' }, { capabilities: { sampling: {}, elicitation: {} } });
    c.setRequestHandler(CreateMessageRequestSchema, async (r) => ({ role: 'assistant', content: { type: 'text', text: `echo ${JSON.stringify(r.params.messages[0]!.content)}` }, model: 'm' }));
    c.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'decline' }));
    const [browser, pages] = await Promise.all([chromium.launch(chromiumLaunchOptions({ webmcp: false })), startPageServer()]);
    await c.connect(transport);
    try {
      const url = /webmcp-bridge listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      expect(url, stderr).toBeDefined();
      const page = await browser.newPage();
      await page.goto(pageUrl(pages.origin, { url: url!, pageToken: token } as Bridge, { title: 'Stdio', tools: ['test_sampling', 'test_elicitation'], polyfill: true }));
      await expect.poll(async () => (await c.listTools()).tools.length, { timeout: 10_000 }).toBe(2);
      expect(firstText(await c.callTool({ name: 'test_sampling', arguments: { prompt: 'p' } }))).toBe('LLM response: echo {"type":"text","text":"p"}');
      expect(firstText(await c.callTool({ name: 'test_elicitation', arguments: { message: 'm' } }))).toBe('User response: {"action":"decline"}');
    } finally {
      await c.close();
      await browser.close();
      await pages.close();
    }
  }, 30_000);
});

describe('sampling with plain JSON responses', () => {
  it('rejects at once, saying why, instead of sending a request the transport would drop', async () => {
    const [browser, pages] = await Promise.all([chromium.launch(chromiumLaunchOptions({ webmcp: false })), startPageServer()]);
    const bridge = createBridge({ port: 0, jsonResponse: true, logSink: () => {} });
    await bridge.listen();
    try {
      const page = await browser.newPage();
      await page.goto(pageUrl(pages.origin, bridge, { title: 'Json', tools: ['test_sampling'], polyfill: true }));
      await untilTools(bridge, ['test_sampling']);
      const asker = await askingClient(bridge);
      const result = await asker.client.callTool({ name: 'test_sampling', arguments: { prompt: 'x' } });
      expect(result.isError).toBe(true);
      expect(firstText(result)).toMatch(/sample\(\): this bridge answers with plain JSON \(jsonResponse, --json-response\), which cannot carry a request to the MCP client/);
      expect(asker.samples).toEqual([]);
      await asker.client.close();
    } finally {
      await bridge.close();
      await browser.close();
      await pages.close();
    }
  }, 30_000);
});
