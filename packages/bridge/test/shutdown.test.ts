/**
 * Graceful shutdown (issue 9, item 6): the real `webmcp-bridge` process, a Chromium page whose tool
 * is running, and an SDK client waiting for it. On SIGTERM (and SIGINT) the call gets an error result
 * `bridge shutting down` within 1 s and the process exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser } from 'playwright';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.mjs';
import type { Bridge } from '../src/index';
import { launchChromium } from '../src/launch/launch-chromium';
import { DIST, firstText, pageUrl, readDist, startPageServer } from './support';

const PAGE_TOKEN = 'shutdown-page-token-0123456789';
const CLIENT_TOKEN = 'shutdown-client-token-0123456789';
let browser: Browser;
let pages: Awaited<ReturnType<typeof startPageServer>>;

beforeAll(async () => {
  readDist(`${DIST}cli.js`);
  [browser, pages] = await Promise.all([chromium.launch(chromiumLaunchOptions({ webmcp: true })), startPageServer()]);
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
});

/** Starts the CLI and resolves with its base URL once its banner is out; `stderr()` is all it wrote so far. */
function startCli(args: string[] = []): Promise<{ proc: ChildProcess; url: string; exited: Promise<number | null>; stderr(): string }> {
  const proc = spawn(process.execPath, [`${DIST}cli.js`, '--port', '0', '--page-token', PAGE_TOKEN, '--client-token', CLIENT_TOKEN, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => void (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start within 20 s: ${stderr}`)), 20_000);
    const onData = () => {
      const url = /webmcp-bridge listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      if (!url || !/MCP Inspector CLI:\n.*\n/.test(stderr)) return;
      clearTimeout(timer);
      proc.stderr!.off('data', onData);
      resolve({ proc, url, exited, stderr: () => stderr });
    };
    proc.stderr!.on('data', onData);
  });
}

/** Whether a DevTools endpoint still answers. */
async function devtoolsAnswers(wsEndpoint: string): Promise<boolean> {
  const { host } = new URL(wsEndpoint);
  return fetch(`http://${host}/json/version`, { signal: AbortSignal.timeout(2000) }).then(
    () => true,
    () => false,
  );
}

describe('graceful shutdown of the CLI', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`answers calls in flight with "bridge shutting down" within 1 s of ${signal}, then exits 0`, async () => {
      const { proc, url, exited } = await startCli();
      const tab = await browser.newPage();
      try {
        await tab.goto(pageUrl(pages.origin, { url, pageToken: PAGE_TOKEN } as Bridge, { title: 'Shutdown', tools: ['wait'] }));
        const client = new Client({ name: 'shutdown', version: '1' });
        await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${CLIENT_TOKEN}` } } }));
        await expect.poll(async () => (await client.listTools()).tools.map((t) => t.name), { timeout: 5000 }).toEqual(['wait']);
        const calls = [client.callTool({ name: 'wait', arguments: {} }), client.callTool({ name: 'wait', arguments: {} })];
        await tab.waitForFunction(() => (window as unknown as { events: string[] }).events.filter((e) => e === 'wait:started').length === 2, undefined, { timeout: 5000 });
        const sent = performance.now();
        proc.kill(signal);
        const results = (await Promise.all(calls)) as CallToolResult[];
        const answeredMs = performance.now() - sent;
        for (const r of results) {
          expect(r.isError).toBe(true);
          expect(firstText(r)).toBe('bridge shutting down');
        }
        expect(answeredMs).toBeLessThan(1000);
        expect(await exited).toBe(0);
        await client.close().catch(() => {});
      } finally {
        proc.kill('SIGKILL');
        await tab.close();
      }
    });
  }

  it('with --launch, SIGTERM also stops the browser it started, and exits 0', async () => {
    const { proc, exited, stderr } = await startCli(['--launch', '--headless', '--allow-origin', 'http://127.0.0.1:*']);
    try {
      const endpoint = /Started Chromium; DevTools: (\S+)/.exec(stderr())?.[1];
      expect(endpoint).toBeDefined();
      expect(await devtoolsAnswers(endpoint!)).toBe(true);
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(await devtoolsAnswers(endpoint!)).toBe(false);
    } finally {
      proc.kill('SIGKILL');
    }
  }, 40_000);

  it('with --cdp, stops (exit 0) when the browser goes away', async () => {
    const own = await launchChromium({ headless: true });
    const { proc, exited, stderr } = await startCli(['--cdp', own.endpoint, '--allow-origin', 'http://127.0.0.1:*']);
    try {
      await own.close();
      expect(await exited).toBe(0);
      expect(stderr()).toContain('webmcp-bridge: the browser connection closed; stopping.');
    } finally {
      proc.kill('SIGKILL');
      await own.close();
    }
  }, 40_000);
});
