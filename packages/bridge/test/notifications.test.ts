/**
 * A page tool's `reportProgress` and `log` reach the MCP session that made the call, over real
 * Chromium pages (webmcp-kit alone, and layered over native WebMCP) and real SDK clients; a hostile
 * page that floods or sends bad notifications is bounded while the bridge and other sessions carry on.
 */
import { chromium, type Browser, type Page } from 'playwright';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { LoggingMessageNotificationSchema, ProgressNotificationSchema, type LoggingMessageNotification, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.mjs';
import { NOTIFY_LIMITS } from '../src/call-notifications';
import { createBridge, type Bridge, type LogEntry } from '../src/index';
import { POLYFILL_IIFE, connectClient, firstText, openRawPage, pageUrl, readDist, startPageServer, until, untilTools } from './support';

type LogParams = LoggingMessageNotification['params'];

/** A client that records the log messages and progress notifications it receives. */
async function recordingClient(bridge: Bridge): Promise<{ client: Client; logs: LogParams[]; progress: unknown[] }> {
  const client = await connectClient(bridge);
  const logs: LogParams[] = [];
  const progress: unknown[] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params));
  // Replaces the SDK's own progress routing: only for clients that never pass onprogress.
  client.setNotificationHandler(ProgressNotificationSchema, (n) => void progress.push(n.params));
  return { client, logs, progress };
}

describe.each([
  { mode: 'webmcp-kit polyfill', webmcp: false },
  { mode: 'webmcp-kit layered over native WebMCP', webmcp: true },
])('tool progress and logs ($mode)', ({ webmcp }) => {
  let browser: Browser;
  let pages: Awaited<ReturnType<typeof startPageServer>>;
  let bridge: Bridge;
  let page: Page;
  const bridgeLogs: LogEntry[] = [];

  beforeAll(async () => {
    readDist(POLYFILL_IIFE);
    [browser, pages] = await Promise.all([chromium.launch(chromiumLaunchOptions({ webmcp })), startPageServer()]);
    bridge = createBridge({ port: 0, logSink: (e) => bridgeLogs.push(e) });
    await bridge.listen();
    page = await browser.newPage();
    await page.goto(pageUrl(pages.origin, bridge, { title: 'Notes', tools: ['steps', 'badlog', 'echo'], polyfill: true }));
    await untilTools(bridge, ['steps', 'badlog', 'echo']);
  }, 30_000);

  afterAll(async () => {
    await bridge?.close();
    await browser?.close();
    await pages?.close();
  });

  it("sends progress with the caller's token, and none to a caller without one", async () => {
    const withToken = await connectClient(bridge);
    const seen: Progress[] = [];
    const result = await withToken.callTool({ name: 'steps', arguments: {} }, undefined, { onprogress: (p) => void seen.push(p) });
    expect(firstText(result)).toBe('stepped');
    await expect.poll(() => seen.length).toBe(3);
    expect(seen).toEqual([
      { progress: 1, total: 3, message: 'one' },
      { progress: 2, total: 3 },
      { progress: 3, total: 3, message: 'done' },
    ]);

    const without = await recordingClient(bridge);
    expect(firstText(await without.client.callTool({ name: 'steps', arguments: {} }))).toBe('stepped');
    // Logs are sent to this session after the progress would have been: once they are in, none came.
    await expect.poll(() => without.logs.length).toBe(3);
    expect(without.progress).toEqual([]);
    await Promise.all([withToken.close(), without.client.close()]);
  });

  it("sends log messages to the calling session only, at or above its logging/setLevel level", async () => {
    const a = await recordingClient(bridge);
    const b = await recordingClient(bridge);
    // No level set: every level, as the SDK's servers do.
    await b.client.callTool({ name: 'steps', arguments: {} });
    await expect.poll(() => b.logs.map((l) => l.level)).toEqual(['debug', 'info', 'error']);
    expect(b.logs[1]).toEqual({ level: 'info', logger: 'steps', data: { step: 'start' } });

    await a.client.setLoggingLevel('info');
    await a.client.callTool({ name: 'steps', arguments: {} });
    await expect.poll(() => a.logs.map((l) => l.level)).toEqual(['info', 'error']);
    await a.client.setLoggingLevel('error');
    await a.client.callTool({ name: 'steps', arguments: {} });
    await expect.poll(() => a.logs.map((l) => l.level)).toEqual(['info', 'error', 'error']);
    // b's call went to b alone, and a's calls to a alone.
    expect(b.logs).toHaveLength(3);
    await Promise.all([a.client.close(), b.client.close()]);
  });

  it('refuses deep, oversize and invalid notifications with a clear warning in the page, and the call carries on', async () => {
    const warnings: string[] = [];
    page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
    const c = await recordingClient(bridge);
    const seen: Progress[] = [];
    const result = await c.client.callTool({ name: 'badlog', arguments: {} }, undefined, { onprogress: (p) => void seen.push(p) });
    expect(firstText(result)).toBe('logged');
    await expect.poll(() => c.logs).toEqual([{ level: 'info', logger: 'badlog', data: 'after' }]);
    await expect.poll(() => warnings.join('\n')).toContain(`log(level, data): data nests deeper than ${NOTIFY_LIMITS.maxLogDepth} levels`);
    await expect.poll(() => warnings.join('\n')).toContain(`over the ${NOTIFY_LIMITS.maxLogChars}-character limit`);
    await expect.poll(() => warnings.join('\n')).toContain('reportProgress(progress): progress must be a finite number; got null');
    expect(seen).toEqual([]);
    expect(bridgeLogs.filter((l) => l.msg === 'tool notification refused').length).toBeGreaterThanOrEqual(3);
    await c.client.close();
  });

  it('rate limits a hostile page flooding progress and logs; the bridge and other sessions carry on', async () => {
    const raw = await openRawPage(bridge, 'http://localhost:5173', 'Hostile');
    raw.ws.send(JSON.stringify({ t: 'tools', title: 'Hostile', resources: [], tools: [{ name: 'flood', description: 'Floods its caller' }] }));
    const flood = () => bridge.tools().find((t) => t.toolName === 'flood');
    await until(bridge.events, 'toolschange', () => flood() !== undefined, 5000, 'the hostile page tool');
    const floodName = flood()!.name;

    const victim = await recordingClient(bridge);
    const bystander = await recordingClient(bridge);
    const seen: Progress[] = [];
    const calling = victim.client.callTool({ name: floodName, arguments: {} }, undefined, { onprogress: (p) => void seen.push(p) });
    const call = await raw.next('call');
    const id = call.id as number;
    for (let batch = 0; batch < 20; batch++) {
      const frames = [];
      for (let i = 0; i < 100; i++) {
        const n = batch * 100 + i;
        frames.push({ t: 'progress', id, progress: n }, { t: 'log', id, level: 'info', data: n });
      }
      raw.ws.send(JSON.stringify(frames));
    }
    // Frames of an unknown call are ignored.
    raw.ws.send(JSON.stringify({ t: 'log', id: 999_999, level: 'info', data: 'nobody' }));
    const warned = await raw.next('warn');
    expect(warned.message).toMatch(/rate limit \(50 at once, then 20 per second per call\)/);

    // Meanwhile another session's call to a real page goes through, and so does a health check.
    expect(firstText(await bystander.client.callTool({ name: 'echo', arguments: { text: 'still here' } }))).toBe('Notes:still here');
    expect((await fetch(`${bridge.url}/healthz`)).ok).toBe(true);

    raw.ws.send(JSON.stringify({ t: 'result', id, value: 'done' }));
    expect(firstText(await calling)).toBe('done');
    // Frames after the call finished are ignored too.
    raw.ws.send(JSON.stringify({ t: 'progress', id, progress: 1e9 }));
    const delivered = seen.length + victim.logs.length;
    expect(delivered).toBeGreaterThan(0);
    // The burst plus what refilled while the flood arrived: far below the 4,000 sent.
    expect(delivered).toBeLessThan(NOTIFY_LIMITS.burst + 200);
    expect(bystander.logs).toEqual([]);
    expect(bystander.progress).toEqual([]);
    raw.ws.close();
    await Promise.all([victim.client.close(), bystander.client.close()]);
  });
});
