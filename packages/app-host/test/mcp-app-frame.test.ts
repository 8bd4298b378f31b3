/**
 * `<mcp-app-frame>` end to end: real Chromium (Playwright), the real third-party MCP Apps servers
 * from npm on loopback, the sandbox proxy on another origin, a host page bundling the element.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Frame, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.mjs';
import { createSandboxProxyServer, type SandboxProxyServer } from '../src/proxy/index';
import { startHostPage, startMcpServer, type StartedMcpServer } from './support/app-host-env.mjs';
import { startFixtureServer } from './support/fixture-server';

type Started = { url: string; close(): Promise<void> };
interface Recorded {
  type: string;
  url?: string;
  role?: string;
  content?: unknown;
  structuredContent?: unknown;
  height?: number;
  level?: string;
  data?: unknown;
  message?: string;
  code?: string;
}

const logFile = join(mkdtempSync(join(tmpdir(), 'app-host-')), 'debug.log');
let debug: StartedMcpServer;
let basic: StartedMcpServer;
let fixture: Awaited<ReturnType<typeof startFixtureServer>>;
let host: Started & { origin: string };
let proxy: SandboxProxyServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [debug, basic, host] = await Promise.all([
    startMcpServer('debug', { DEBUG_LOG_FILE: logFile }),
    startMcpServer('basic-vanillajs'),
    startHostPage(fileURLToPath(new URL('./fixtures/host-page.ts', import.meta.url))),
  ]);
  fixture = await startFixtureServer({ connectDomains: [basic.origin] });
  proxy = await createSandboxProxyServer({ hostOrigins: [host.origin] });
  browser = await chromium.launch(chromiumLaunchOptions());
  page = await browser.newPage();
  await page.goto(host.url);
  await page.waitForFunction(() => window.appHost?.ready);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([debug?.close(), basic?.close(), fixture?.close(), host?.close(), proxy?.close()]);
});

interface MountOptions {
  id: string;
  server: string;
  tool: string;
  input?: Record<string, unknown>;
  sandbox?: string;
  parent?: string;
}

/** Creates an `<mcp-app-frame>` for `tool` on `server` with the call's input and (promised) result. */
async function mount(options: MountOptions): Promise<void> {
  await page.evaluate(
    async ({ id, server, tool: name, input, sandbox, parent }) => {
      const client = await window.appHost.connect(server);
      const { tools } = await client.listTools();
      const el = document.createElement('mcp-app-frame');
      el.id = id;
      const w = window as unknown as { events: Record<string, Recorded[]> };
      const events: Recorded[] = ((w.events ??= {})[id] = []);
      const types = ['initialized', 'size', 'open-link', 'message', 'model-context', 'log', 'error'];
      for (const type of types) {
        el.addEventListener(`mcp-app-${type}`, (e) => {
          const x = e as Event & Record<string, unknown>;
          const error = x.error as (Error & { code?: string }) | undefined;
          events.push({
            type,
            url: x.url as string,
            role: x.role as string,
            content: x.content,
            structuredContent: x.structuredContent,
            height: x.height as number,
            level: x.level as string,
            data: x.data,
            message: error?.message,
            code: error?.code,
          });
          if (type === 'open-link') e.preventDefault();
        });
      }
      el.client = client;
      el.tool = tools.find((t) => t.name === name);
      el.sandbox = sandbox;
      if (input) {
        el.toolInput = input;
        el.toolResult = client.callTool({ name, arguments: input }) as never;
      }
      document.getElementById(parent ?? 'root')!.append(el);
    },
    { sandbox: proxy.url, ...options },
  );
}

async function events(id: string): Promise<Recorded[]> {
  return page.evaluate((id) => (window as unknown as { events: Record<string, Recorded[]> }).events[id] ?? [], id);
}

async function waitForEvent(id: string, type: string, count = 1): Promise<Recorded> {
  await page.waitForFunction(
    ({ id, type, count }) =>
      ((window as unknown as { events: Record<string, Recorded[]> }).events[id] ?? []).filter((e) => e.type === type)
        .length >= count,
    { id, type, count },
    { timeout: 15_000 },
  );
  return (await events(id)).filter((e) => e.type === type)[count - 1]!;
}

/** The app's own frame: the inner iframe inside the sandbox proxy's iframe. */
async function appFrame(id: string): Promise<Frame> {
  const outer = await page.locator(`#${id} iframe`).elementHandle({ timeout: 15_000 });
  const proxyFrame = await outer!.contentFrame();
  await expect.poll(() => proxyFrame!.childFrames().length, { timeout: 15_000 }).toBe(1);
  return proxyFrame!.childFrames()[0]!;
}

/** What the debug app reported to its server through the `debug-log` tool (an app-only tool). */
function debugLog(): Array<{ type: string; payload: Record<string, unknown> }> {
  if (!existsSync(logFile)) return [];
  return readFileSync(logFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
}
const logged = (type: string) => debugLog().filter((entry) => entry.type === type);

// Generous per-test bound: the machine runs other suites at the same time on 2 cores.
describe('<mcp-app-frame> with server-debug', { timeout: 45_000 }, () => {
  const input = { contentType: 'text', multipleBlocks: false };

  it('renders the app, answers initialize with a full hostContext, sends tool-input once and the result', async () => {
    await mount({ id: 'dbg', server: debug.url, tool: 'debug-tool', input });
    await waitForEvent('dbg', 'initialized');
    // Each debug-log call is its own HTTP request, so the server may record them out of order.
    await expect.poll(() => logged('ontoolresult').length + logged('ontoolinput').length, { timeout: 15_000 }).toBe(2);
    expect(logged('ontoolinput')).toEqual([expect.objectContaining({ payload: { arguments: input } })]);
    expect(logged('ontoolresult')[0]!.payload).toMatchObject({
      content: [{ type: 'text', text: 'Debug text content' }],
      structuredContent: { config: { contentType: 'text' } },
    });
    const app = await appFrame('dbg');
    const shown = await app.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('#host-context-info dt, #host-container-info dt, #host-capabilities-info dt')].map(
          (dt) => [dt.textContent, dt.nextElementSibling?.textContent],
        ),
      ),
    );
    expect(shown).toMatchObject({
      Theme: expect.stringMatching(/^(light|dark)$/),
      Locale: 'en',
      TimeZone: expect.stringMatching(/\w/),
      Platform: 'web',
      'Display Mode': 'inline',
      Width: expect.stringMatching(/^\d+px$/),
      serverTools: '✓',
      serverResources: '✓',
      openLinks: '✓',
      logging: '✓',
    });

    // The page switching to dark with a themed variable reaches the app as host-context-changed.
    await page.evaluate(() => {
      document.documentElement.style.setProperty('--color-background-primary', 'rgb(1, 2, 3)');
      document.documentElement.style.colorScheme = 'dark';
    });
    await expect.poll(() => logged('onhostcontextchanged').length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(logged('onhostcontextchanged').at(-1)!.payload).toMatchObject({
      theme: 'dark',
      styles: { variables: { '--color-background-primary': 'rgb(1, 2, 3)' } },
    });
    await page.evaluate(() => document.documentElement.removeAttribute('style'));
  });

  it('resizes the element to the app content', async () => {
    const size = await waitForEvent('dbg', 'size');
    expect(size.height).toBeGreaterThan(200);
    // The element applies the size on its next render: wait for it rather than racing it.
    const frameHeight = () => page.locator('#dbg iframe').evaluate((el) => el.getBoundingClientRect().height);
    const lastSize = async () => (await events('dbg')).filter((e) => e.type === 'size').at(-1)!.height;
    await expect.poll(async () => (await frameHeight()) === (await lastSize()), { timeout: 5_000 }).toBe(true);
  });

  it("passes the app's calls to app-visible tools to the server", async () => {
    const app = await appFrame('dbg');
    await app.locator('#call-debug-refresh-btn').click();
    await expect.poll(() => logged('server-tool-result').length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(JSON.stringify(logged('server-tool-result').at(-1)!.payload)).toContain('Server timestamp');
  });

  it('turns open-link, message, model context, logging and display mode requests into DOM behaviour', async () => {
    const app = await appFrame('dbg');
    await app.locator('#link-url').fill('https://example.com/docs');
    await app.locator('#open-link-btn').click();
    expect((await waitForEvent('dbg', 'open-link')).url).toBe('https://example.com/docs');
    await app.locator('#message-text').fill('hello from the app');
    await app.locator('#send-message-text-btn').click();
    expect(await waitForEvent('dbg', 'message')).toMatchObject({ role: 'user', content: [{ type: 'text', text: 'hello from the app' }] });
    await app.locator('#update-context-text-btn').click();
    expect((await waitForEvent('dbg', 'model-context')).content).toEqual([expect.objectContaining({ type: 'text' })]);
    await app.locator('#log-info-btn').click();
    expect((await waitForEvent('dbg', 'log')).level).toBe('info');

    const mode = () => page.locator('#dbg').getAttribute('display-mode');
    await app.locator('#display-fullscreen-btn').click();
    await expect.poll(mode).toBe('fullscreen');
    await app.locator('#display-pip-btn').click(); // not offered by this element
    await expect.poll(() => logged('display-mode-result').length).toBe(2);
    expect(await mode()).toBe('fullscreen');
    await app.locator('#display-inline-btn').click();
    await expect.poll(mode).toBe('inline');
  });

  it('blocks a connection the resource CSP did not declare (securitypolicyviolation)', async () => {
    const app = await appFrame('dbg');
    const violation = await app.evaluate(async (target) => {
      const seen = new Promise<{ directive: string; blocked: string }>((resolve) =>
        document.addEventListener('securitypolicyviolation', (e) => resolve({ directive: e.effectiveDirective, blocked: e.blockedURI }), { once: true }),
      );
      const fetched = await fetch(target).then(() => 'loaded', () => 'failed');
      return { ...(await seen), fetched };
    }, basic.url);
    expect(violation).toEqual({ directive: 'connect-src', blocked: basic.url, fetched: 'failed' });
  });

  it('keeps the app away from the host document', async () => {
    const app = await appFrame('dbg');
    const attempts = await app.evaluate(() =>
      [() => window.top!.document.title, () => window.parent.parent.document.body, () => window.top!.location.href].map((f) => {
        try {
          f();
          return 'reached';
        } catch (error) {
          return (error as Error).name;
        }
      }),
    );
    expect(attempts).toEqual(['SecurityError', 'SecurityError', 'SecurityError']);
  });

  it('keeps the app alive across moveBefore() and replays input and result to a reloaded view', async () => {
    await page.evaluate(() => document.body.append(Object.assign(document.createElement('section'), { id: 'other' })));
    const before = await appFrame('dbg');
    await before.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.evaluate(() => {
      const other = document.getElementById('other') as unknown as { moveBefore(node: Node, child: Node | null): void };
      other.moveBefore(document.getElementById('dbg')!, null);
    });
    expect(await before.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect((await events('dbg')).filter((e) => e.type === 'initialized')).toHaveLength(1);

    // A plain re-insert unloads the iframe: the new view must get tool-input and tool-result again.
    await page.evaluate(() => document.getElementById('root')!.append(document.getElementById('dbg')!));
    await waitForEvent('dbg', 'initialized', 2);
    await expect.poll(() => logged('ontoolresult').length + logged('ontoolinput').length, { timeout: 15_000 }).toBe(4);
    expect(logged('ontoolinput')).toHaveLength(2);
  });

  it("caps the app's size at the element's max-height and tells the app (containerDimensions)", async () => {
    const app = await appFrame('dbg');
    await app.locator('#auto-resize-toggle').uncheck(); // only the explicit sizes below
    await page.locator('#dbg').evaluate((el: HTMLElement) => (el.style.maxHeight = '320px'));
    await expect
      .poll(() => logged('onhostcontextchanged').some((e) => (e.payload.containerDimensions as { maxHeight?: number })?.maxHeight === 320), { timeout: 15_000 })
      .toBe(true);
    const height = () => page.locator('#dbg iframe').evaluate((el) => el.getBoundingClientRect().height);
    for (const [button, expected] of [['#resize-800x600-btn', 320], ['#resize-200x100-btn', 100], ['#resize-400x300-btn', 300]] as const) {
      await app.locator(button).click();
      await expect.poll(height).toBe(expected);
    }
    await page.locator('#dbg').evaluate((el: HTMLElement) => el.style.removeProperty('max-height'));
    await app.locator('#auto-resize-toggle').check();
  });

  it('sends ui/resource-teardown and waits for the answer before removing the iframe', async () => {
    const answered = await page.evaluate(() => (document.getElementById('dbg') as HTMLElementTagNameMap['mcp-app-frame']).close());
    expect(answered).toBe(true);
    expect(await page.locator('#dbg iframe').count()).toBe(0);
    await expect.poll(() => logged('onteardown').length, { timeout: 5_000 }).toBe(1);
  });
});

describe('<mcp-app-frame> guards', { timeout: 45_000 }, () => {
  it("rejects the app's call to a model-only tool before the client sees it", async () => {
    await mount({ id: 'guard', server: fixture.url, tool: 'debug-log', input: {} });
    await waitForEvent('guard', 'initialized');
    const app = await appFrame('guard');
    // Watch what the host answers, on the wire between proxy and app.
    const proxyFrame = app.parentFrame()!;
    await proxyFrame.evaluate(() => {
      const w = window as unknown as { errors: string[] };
      w.errors = [];
      window.addEventListener('message', (e) => {
        if (e.source === window.parent && e.data?.error) w.errors.push(e.data.error.message);
      });
    });
    await app.locator('#call-debug-tool-btn').click();
    await expect
      .poll(() => proxyFrame.evaluate(() => (window as unknown as { errors: string[] }).errors), { timeout: 15_000 })
      .toEqual([expect.stringContaining('Tool "debug-tool" is not callable by the app: its _meta.ui.visibility ["model"] lacks "app"')]);
    expect(fixture.calls).toContain('debug-log'); // app-only tools still work
    expect(fixture.calls).not.toContain('debug-tool');
  });

  it("enforces the content item's CSP over the listing's: declared origins load, others are blocked", async () => {
    await mount({ id: 'csp', server: fixture.url, tool: 'with-csp', input: {} });
    await waitForEvent('csp', 'initialized');
    const app = await appFrame('csp');
    const outcome = await app.evaluate(
      async ([allowed, other]) => {
        const violations: string[] = [];
        document.addEventListener('securitypolicyviolation', (e) => violations.push(e.blockedURI));
        const status = await fetch(allowed!, { method: 'POST', body: '{}' }).then((r) => r.status, () => 0);
        const blocked = await fetch(other!).then(() => 'loaded', () => 'failed');
        await new Promise((resolve) => setTimeout(resolve, 50)); // violation events are queued as tasks
        return { status, blocked, violations };
      },
      [basic.url, debug.url],
    );
    expect(outcome).toEqual({ status: expect.any(Number), blocked: 'failed', violations: [debug.url] });
    expect(outcome.status).toBeGreaterThan(0);
    expect(await page.locator('#csp iframe').getAttribute('class')).toBe('border');
  });

  it('ignores shrinks of 4 px or less (resize-loop guard) and passes resources/read through', async () => {
    await mount({ id: 'probe', server: fixture.url, tool: 'probe', input: {} });
    expect((await waitForEvent('probe', 'message')).content).toEqual([{ type: 'text', text: 'read:<p>not an app</p>' }]);
    await waitForEvent('probe', 'size', 2);
    expect((await events('probe')).filter((e) => e.type === 'size').map((e) => e.height)).toEqual([300, 290]);
  });

  it('reports a resource with the wrong MIME type and a same-origin sandbox as mcp-app-error', async () => {
    await mount({ id: 'mime', server: fixture.url, tool: 'wrong-mime' });
    expect(await waitForEvent('mime', 'error')).toMatchObject({
      code: 'APP_HOST_INVALID_RESOURCE',
      message: expect.stringContaining('expected mimeType "text/html;profile=mcp-app", got "text/html"'),
    });
    await mount({ id: 'same', server: fixture.url, tool: 'with-csp', sandbox: host.url });
    expect(await waitForEvent('same', 'error')).toMatchObject({ code: 'APP_HOST_INVALID_CONFIG', message: expect.stringContaining('another origin') });
  });
});

describe('<mcp-app-frame> with server-basic-vanillajs', { timeout: 45_000 }, () => {
  it('shows the tool result and lets the app call get-time again', async () => {
    await mount({ id: 'basic', server: basic.url, tool: 'get-time', input: {} });
    await waitForEvent('basic', 'initialized');
    const app = await appFrame('basic');
    const time = app.locator('#server-time');
    await expect.poll(() => time.textContent(), { timeout: 15_000 }).toMatch(/^\d{4}-\d\d-\d\dT/);
    const first = await time.textContent();
    // A plain DOM click: under CPU load the app may still be settling its size, and Playwright's
    // stability wait for a moving element is not what this test is about.
    await app.locator('#get-time-btn').dispatchEvent('click');
    await expect.poll(() => time.textContent(), { timeout: 15_000 }).not.toBe(first);
    expect(await time.textContent()).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe('<mcp-app-frame> streaming input and cancellation', { timeout: 45_000 }, () => {
  it('sends tool-input-partial until the input is final, then tool-cancelled for a rejected result', async () => {
    const before = { partial: logged('ontoolinputpartial').length, input: logged('ontoolinput').length };
    await page.evaluate(async ({ url, sandbox }) => {
      const client = await window.appHost.connect(url);
      const { tools } = await client.listTools();
      const el = document.createElement('mcp-app-frame');
      el.id = 'stream';
      Object.assign(el, { client, sandbox, tool: tools.find((t) => t.name === 'debug-tool'), toolInputPartial: { contentType: 'te' } });
      document.getElementById('root')!.append(el);
    }, { url: debug.url, sandbox: proxy.url });
    await expect.poll(() => logged('ontoolinputpartial').length, { timeout: 15_000 }).toBe(before.partial + 1);
    expect(logged('ontoolinputpartial').at(-1)!.payload).toEqual({ arguments: { contentType: 'te' } });
    expect(logged('ontoolinput')).toHaveLength(before.input);

    await page.evaluate(() => {
      const el = document.getElementById('stream') as HTMLElementTagNameMap['mcp-app-frame'];
      el.toolInput = { contentType: 'text' };
      el.toolResult = Promise.reject(new Error('stopped by the user'));
    });
    await expect.poll(() => logged('ontoolcancelled').length, { timeout: 15_000 }).toBe(1);
    expect(logged('ontoolcancelled')[0]!.payload).toEqual({ reason: 'stopped by the user' });
    expect(logged('ontoolinput').at(-1)!.payload).toEqual({ arguments: { contentType: 'text' } });
    expect(logged('ontoolresult').length).toBe(2); // only the two from the earlier views
  });
});
