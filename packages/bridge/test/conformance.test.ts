/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance 0.1.16) against the bridge
 * with a real Chromium page (webmcp-kit layered over native WebMCP) offering the suite's fixture tools.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.mjs';
import { createBridge, type Bridge } from '../src/index';
import { CONFORMANCE_OFFERS, CONFORMANCE_TOOLS, pageUrl, startPageServer, untilPrompts, untilTools } from './support';

const run = promisify(execFile);
const SHIM = fileURLToPath(new URL('./conformance/register.mjs', import.meta.url));
const CLI = fileURLToPath(new URL('../../../node_modules/@modelcontextprotocol/conformance/dist/index.js', import.meta.url));

/** Scenarios a page's tools, prompts and resources can satisfy, plus lifecycle, ping, DNS rebinding and the 2020-12 schema. */
const MUST_PASS = [
  'server-initialize',
  'ping',
  'logging-set-level',
  'tools-list',
  'tools-call-simple-text',
  'tools-call-image',
  'tools-call-audio',
  'tools-call-embedded-resource',
  'tools-call-mixed-content',
  'tools-call-error',
  'tools-call-with-logging',
  'tools-call-with-progress',
  'tools-call-sampling',
  'tools-call-elicitation',
  'elicitation-sep1034-defaults',
  'elicitation-sep1330-enums',
  'json-schema-2020-12',
  'server-sse-multiple-streams',
  'resources-list',
  'resources-read-text',
  'resources-read-binary',
  'resources-templates-read',
  'resources-subscribe',
  'resources-unsubscribe',
  'prompts-list',
  'prompts-get-simple',
  'prompts-get-with-args',
  'prompts-get-embedded-resource',
  'prompts-get-with-image',
  'completion-complete',
  'dns-rebinding-protection',
];

let browser: Browser;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let bridge: Bridge;
let out: string;

beforeAll(async () => {
  [browser, pages] = await Promise.all([chromium.launch(chromiumLaunchOptions({ webmcp: true })), startPageServer()]);
  // The suite's client sends no Authorization header; client auth off is allowed on loopback only.
  bridge = createBridge({ port: 0, clientAuth: false, logSink: () => {} });
  await bridge.listen();
  const page = await browser.newPage();
  // webmcp-kit layered over native WebMCP: its tool client adds reportProgress, log, sample and elicit.
  await page.goto(pageUrl(pages.origin, bridge, { title: 'Conformance fixtures', tools: CONFORMANCE_TOOLS, offers: CONFORMANCE_OFFERS, polyfill: true }));
  await untilTools(bridge, CONFORMANCE_TOOLS);
  await untilPrompts(bridge, CONFORMANCE_OFFERS.filter((o) => o.startsWith('prompts:')).map((o) => o.slice('prompts:'.length)));
  out = mkdtempSync(join(tmpdir(), 'bridge-conformance-'));
}, 30_000);

afterAll(async () => {
  await bridge?.close();
  await browser?.close();
  await pages?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('MCP conformance suite against the bridge', () => {
  it('passes every scenario a page can satisfy (full suite counts in the log)', async () => {
    const { stdout } = await run(process.execPath, ['--import', SHIM, CLI, 'server', '--url', bridge.mcpUrl, '--suite', 'all', '-o', out], { timeout: 60_000 }).catch(
      (e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }),
    );
    const lines = stdout.split('\n');
    const status = new Map<string, boolean>();
    for (const line of lines) {
      const m = /^\s*([✓✗])\s+([\w-]+):/.exec(line);
      if (m) status.set(m[2]!, m[1] === '✓');
    }
    const totals = /Total: (\d+) passed, (\d+) failed/.exec(stdout);
    // Phrased so CI log readers don't mistake it for this test run's own "N passed, N failed" summary.
    console.info(`conformance --suite all: scenarios ${[...status.values()].filter(Boolean).length} of ${status.size} green; checks ${totals?.[1]} ok / ${totals?.[2]} not ok`);
    expect(status.size, stdout).toBeGreaterThanOrEqual(30);
    const failedMustPass = MUST_PASS.filter((s) => status.get(s) !== true);
    expect(failedMustPass, stdout).toEqual([]);

    // Hollow passes are ruled out: the fixture tools really ran in the page.
    const simple = readdirSync(out).find((d) => d.startsWith('server-tools-call-simple-text-'))!;
    const checks = JSON.parse(readFileSync(join(out, simple, 'checks.json'), 'utf8')) as Array<{ details?: { result?: unknown } }>;
    expect(JSON.stringify(checks)).toContain('This is a simple text response for testing.');
    // And the prompts and template reads came from the page's registry.
    const detailsOf = (scenario: string) => {
      const dir = readdirSync(out).find((d) => d.startsWith(`server-${scenario}-`))!;
      return readFileSync(join(out, dir, 'checks.json'), 'utf8');
    };
    expect(detailsOf('prompts-get-with-args')).toContain("arg1='testValue1'");
    expect(detailsOf('resources-templates-read')).toContain('Data for ID: 123');
    // Every check of the suite, as the SDK's own reference server (44 of 44 with 0.1.16).
    expect(Number(totals?.[1]), stdout).toBeGreaterThanOrEqual(44);
    expect(Number(totals?.[2]), stdout).toBe(0);
    expect([...status].filter(([, ok]) => !ok).map(([s]) => s), stdout).toEqual([]);
  });
});
