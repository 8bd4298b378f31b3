/**
 * The script include in a plain HTML page (no bundler) under a strict CSP (no 'unsafe-eval', no
 * 'unsafe-inline'), in real Chromium over the polyfill and over native WebMCP, where an agent's
 * call through Playwright's `page.webmcp` (the native agent path) is validated too.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.mjs';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'";

/** A built IIFE: `webmcp.iife.js` (the polyfill) by default, or the prompts/resources add-on. */
function readBundle(name: 'webmcp.iife.js' | 'webmcp-offers.iife.js' = 'webmcp.iife.js'): string {
  const path = fileURLToPath(new URL(`../dist/${name}`, import.meta.url));
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${path} is missing: run \`npm run build -w @webmcp-kit/webmcp\` first (npm test does)`);
  }
}

const TOOL_HELPERS = ['defineTool', 'getInstallation', 'installModelContext', 'isNativeModelContext', 'isWebMCPKitError', 'registerTools', 'requestConfirmation', 'setConfirmationHandler'];
const OFFER_HELPERS = ['definePrompt', 'defineResource', 'defineResourceTemplate', 'notifyResourceUpdated', 'registerPrompts', 'registerResources'];

/** `window.WebMCPKit`'s helpers (sorted), and whether it is frozen and its property configurable. */
function kitState(page: Page): Promise<{ kit: string[]; frozen: boolean; configurable: boolean | undefined }> {
  return page.evaluate(() => {
    const kit = (window as unknown as { WebMCPKit?: object }).WebMCPKit ?? {};
    return { kit: Object.keys(kit).sort(), frozen: Object.isFrozen(kit), configurable: Object.getOwnPropertyDescriptor(window, 'WebMCPKit')?.configurable };
  });
}

/** Runs what iife-offers-page.js offered, through the page-offers registry as the bridge connector does. */
function readOffers(page: Page): Promise<unknown> {
  return page.evaluate(async () => {
    const offers = (window as unknown as Record<symbol, {
      prompts: Map<string, { arguments: unknown; get(a: object, c: object): Promise<unknown>; complete: Record<string, (v: string, c: object) => Promise<string[]>> }>;
      resources: Map<string, { read(c: object): Promise<unknown> }>;
      templates: Map<string, { read(u: string, v: object, c: object): Promise<unknown> }>;
    }>)[Symbol.for('webmcp-kit.page-offers')]!;
    const context = { signal: new AbortController().signal };
    const greet = offers.prompts.get('greet')!;
    const { notifyResourceUpdated } = (window as unknown as { WebMCPKit: { notifyResourceUpdated(uri: string): void } }).WebMCPKit;
    const updated = new Promise((resolve) => (offers as unknown as EventTarget).addEventListener('updated', (e) => resolve((e as CustomEvent).detail), { once: true }));
    notifyResourceUpdated('app://logo');
    return {
      arguments: greet.arguments,
      prompt: await greet.get({ who: 'Ada' }, context),
      missing: await greet.get({}, context).catch((e: Error & { code: string }) => `${e.code}: ${e.message}`),
      completions: await greet.complete.who!('A', { ...context, arguments: {} }),
      logo: await offers.resources.get('app://logo')!.read(context),
      note: await offers.templates.get('app://notes/{id}')!.read('app://notes/7', { id: '7' }, context),
      updated: await updated,
      violations: (window as unknown as { offerViolations: string[] }).offerViolations,
    };
  });
}

const OFFERED = {
  arguments: [{ name: 'who', description: 'Whom to greet', required: true }],
  prompt: { messages: [{ role: 'user', content: { type: 'text', text: 'Say hello to Ada' } }] },
  missing: 'WEBMCP_KIT_INVALID_INPUT: prompt "greet": arguments.who: expected string, got undefined',
  completions: ['Ada', 'Alan'],
  logo: [{ uri: 'app://logo', mimeType: 'image/png', blob: 'iVBORw==' }],
  note: [{ uri: 'app://notes/7', mimeType: 'text/plain', text: 'note 7' }],
  updated: { uri: 'app://logo' },
  violations: [],
};

const FORM = '<form toolname="subscribe" tooldescription="Subscribes to the newsletter" toolautosubmit action="/thanks"><label>Email <input name="email" type="email" required></label><button>Subscribe</button></form><script src="/form-page.js"></script>';

/** Waits (bounded) for the page's `subscribe` form tool, then calls it. */
function callSubscribe(page: Page): Promise<unknown> {
  return page.evaluate(async () => {
    const deadline = Date.now() + 5000;
    let tool;
    while (!(tool = (await document.modelContext.getTools()).find((t) => t.name === 'subscribe')) && Date.now() < deadline) {
      await new Promise((resolve) => {
        document.modelContext.addEventListener('toolchange', resolve, { once: true });
        setTimeout(resolve, deadline - Date.now());
      });
    }
    if (!tool) return 'not registered';
    return document.modelContext.executeTool(tool, { email: 'ada@example.com' });
  });
}

let server: Server;
let origin: string;
beforeAll(async () => {
  const files: Record<string, [string, string]> = {
    '/': ['text/html', '<!doctype html><meta charset="utf-8"><title>IIFE page</title><button id="before">before</button><script src="/webmcp.iife.js"></script><script src="/webmcp-offers.iife.js"></script><script src="/offers-page.js"></script><script src="/page.js"></script>'],
    // The prompts/resources add-on before the polyfill, alone, and the polyfill without it.
    '/offers-first': ['text/html', '<!doctype html><meta charset="utf-8"><title>Add-on first</title><script src="/webmcp-offers.iife.js"></script><script src="/webmcp.iife.js"></script><script src="/offers-page.js"></script><script src="/page.js"></script>'],
    '/offers-alone': ['text/html', '<!doctype html><meta charset="utf-8"><title>Add-on alone</title><script src="/webmcp-offers.iife.js"></script><script src="/offers-page.js"></script>'],
    '/tools-only': ['text/html', '<!doctype html><meta charset="utf-8"><title>Tools only</title><script src="/webmcp.iife.js"></script><script src="/page.js"></script>'],
    '/webmcp.iife.js': ['text/javascript', readBundle()],
    '/webmcp-offers.iife.js': ['text/javascript', readBundle('webmcp-offers.iife.js')],
    '/page.js': ['text/javascript', readFileSync(new URL('./fixtures/iife-page.js', import.meta.url), 'utf8')],
    '/offers-page.js': ['text/javascript', readFileSync(new URL('./fixtures/iife-offers-page.js', import.meta.url), 'utf8')],
    '/form': ['text/html', `<!doctype html><meta charset="utf-8"><title>Form tool</title><script src="/webmcp.iife.js"></script>${FORM}`],
    // The same form, the script arriving another way: none (an init script adds it), inline, or in
    // a sandboxed document with an opaque origin.
    '/form-bare': ['text/html', `<!doctype html><meta charset="utf-8"><title>Form tool</title>${FORM}`],
    '/form-inline': ['text/html', `<!doctype html><meta charset="utf-8"><title>Form tool</title><script>${readBundle()}</script>${FORM}`],
    '/form-sandboxed': ['text/html', `<!doctype html><meta charset="utf-8"><title>Form tool</title><script src="/webmcp.iife.js"></script>${FORM}`],
    '/form-page.js': ['text/javascript', "document.querySelector('form').addEventListener('submit', (e) => { if (e.agentInvoked) { e.preventDefault(); e.respondWith(Promise.resolve('subscribed ' + e.target.email.value)); } });"],
    // A site-keyed agent cluster, where document.domain works: native refuses the whole API.
    '/domain': ['text/html', `<!doctype html><meta charset="utf-8"><title>document.domain</title><script src="/webmcp.iife.js"></script>${FORM}`],
    '/forced-no-tools': ['text/html', '<!doctype html><title>forced</title><script src="/webmcp.iife.js" data-force-polyfill></script>'],
  };
  server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (!file) return void res.writeHead(404).end();
    const headers: Record<string, string> = { 'content-type': file[0], 'content-security-policy': CSP };
    if (req.url === '/forced-no-tools') headers['permissions-policy'] = 'tools=()';
    if (req.url === '/form-inline') delete headers['content-security-policy'];
    if (req.url === '/domain') headers['origin-agent-cluster'] = '?0';
    if (req.url === '/form-sandboxed') headers['content-security-policy'] = `${CSP}; sandbox allow-scripts allow-forms`;
    res.writeHead(200, headers).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

for (const native of [false, true]) {
  describe(`script include over ${native ? 'native WebMCP' : 'the polyfill'}`, () => {
    let browser: Browser;
    let page: Page;
    beforeAll(async () => {
      const options = chromiumLaunchOptions({ webmcp: native });
      // insecure.test is an http origin that is not loopback by name: not a secure context.
      options.args.push('--host-resolver-rules=MAP insecure.test 127.0.0.1');
      browser = await chromium.launch(options);
      page = await browser.newPage();
      await page.goto(origin);
      expect(await page.evaluate(() => (window as unknown as { ready: Promise<string> }).ready)).toBe('ready');
    });
    afterAll(() => browser?.close());

    it('installs both entry points and the helpers, with no CSP violation', async () => {
      const state = await page.evaluate(() => ({
        document: typeof document.modelContext?.registerTool,
        navigator: typeof navigator.modelContext?.provideContext,
        kit: Object.keys((window as unknown as { WebMCPKit: object }).WebMCPKit).sort(),
        native: (window as unknown as { WebMCPKit: { isNativeModelContext(): boolean } }).WebMCPKit.isNativeModelContext(),
      }));
      expect(state).toEqual({
        document: 'function',
        navigator: 'function',
        kit: [...TOOL_HELPERS, ...OFFER_HELPERS].sort(),
        native,
      });
    });

    it('offers prompts and resources through the add-on on window.WebMCPKit, in the registry the bridge connector reads', async () => {
      expect(await readOffers(page)).toEqual(OFFERED);
      expect(await kitState(page)).toEqual({ kit: [...TOOL_HELPERS, ...OFFER_HELPERS].sort(), frozen: true, configurable: true });
    });

    it('merges the add-on loaded before the polyfill: every helper, tools and offers working', async () => {
      const first = await browser.newPage();
      await first.goto(`${origin}/offers-first`);
      expect(await first.evaluate(() => (window as unknown as { ready: Promise<string> }).ready)).toBe('ready');
      expect(await kitState(first)).toEqual({ kit: [...TOOL_HELPERS, ...OFFER_HELPERS].sort(), frozen: true, configurable: true });
      expect(await first.evaluate(async () => {
        const tool = (await document.modelContext.getTools()).find((t) => t.name === 'add')!;
        return document.modelContext.executeTool(tool, { a: 2, b: 40 });
      })).toBe('42');
      expect(await readOffers(first)).toEqual(OFFERED);
      await first.close();
    });

    it('runs the add-on alone, without the polyfill: prompts and resources only', async () => {
      const alone = await browser.newPage();
      await alone.goto(`${origin}/offers-alone`);
      expect(await kitState(alone)).toEqual({ kit: OFFER_HELPERS, frozen: true, configurable: true });
      // Only native Chromium's own WebMCP is there: the add-on installs nothing.
      expect(await alone.evaluate(() => 'modelContext' in document)).toBe(native);
      expect(await readOffers(alone)).toEqual(OFFERED);
      await alone.close();
    });

    it('the polyfill alone exposes the tool helpers only', async () => {
      const toolsOnly = await browser.newPage();
      await toolsOnly.goto(`${origin}/tools-only`);
      expect(await toolsOnly.evaluate(() => (window as unknown as { ready: Promise<string> }).ready)).toBe('ready');
      expect(await kitState(toolsOnly)).toEqual({ kit: TOOL_HELPERS, frozen: true, configurable: true });
      await toolsOnly.close();
    });

    it('validates input on executeTool with a DataError', async () => {
      const result = await page.evaluate(async () => {
        const tool = (await document.modelContext.getTools()).find((t) => t.name === 'add')!;
        const ok = await document.modelContext.executeTool(tool, { a: 2, b: 40 });
        const bad = await document.modelContext.executeTool(tool, { a: 'x' }).catch((e: Error) => `${e.name}: ${e.message}`);
        return { ok, bad };
      });
      expect(result).toEqual({
        ok: '42',
        bad: 'DataError: Invalid input for tool "add": input.b: missing required property "b"; input.a: expected number, got string "x"',
      });
    });

    it('shows the confirmation dialog under the strict CSP; Enter confirms and focus returns', async () => {
      await page.focus('#before');
      const call = page.evaluate(async () => {
        const tool = (await document.modelContext.getTools()).find((t) => t.name === 'place_order')!;
        return document.modelContext.executeTool(tool, { total: 12 });
      });
      const dialog = page.getByRole('dialog', { name: 'Place order' });
      await dialog.waitFor();
      await expect(dialog.textContent()).resolves.toContain('Pay 12 EUR?');
      await page.keyboard.press('Enter');
      expect(await call).toBe('paid 12');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('before');
      expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    });

    it('registers a declarative <form toolname> tool and runs it', async () => {
      const formPage = await browser.newPage();
      await formPage.goto(`${origin}/form`);
      expect(await callSubscribe(formPage)).toBe('subscribed ada@example.com');
      await formPage.close();
    });

    if (!native) {
      // Form support is in the bundle itself: nothing depends on document.currentScript or a fetch.
      it('runs form tools when the script is an init script (as extensions and test tools inject it)', async () => {
        const context = await browser.newContext();
        await context.addInitScript({ content: readBundle() });
        const formPage = await context.newPage();
        await formPage.goto(`${origin}/form-bare`);
        expect(await callSubscribe(formPage)).toBe('subscribed ada@example.com');
        await context.close();
      });

      it('runs form tools when the script is inline', async () => {
        const formPage = await browser.newPage();
        await formPage.goto(`${origin}/form-inline`);
        expect(await callSubscribe(formPage)).toBe('subscribed ada@example.com');
        await formPage.close();
      });

      it('registers form tools in a sandboxed document with an opaque origin, under script-src \'self\'', async () => {
        const formPage = await browser.newPage();
        await formPage.goto(`${origin}/form-sandboxed`);
        // Registered and listed; executeTool then refuses the opaque origin, as native 156 does
        // (also on its own agent path): the spec's NotSupportedError.
        expect(await formPage.evaluate(() => origin)).toBe('null');
        expect(await callSubscribe(formPage).catch((e: Error) => e.message)).toMatch(/NotSupportedError: The provided origin is invalid\./);
        expect(await formPage.evaluate(async () => (await document.modelContext.getTools()).map((t) => `${t.name}@${t.origin}`))).toEqual(['subscribe@null']);
        await formPage.close();
      });
    }

    it('refuses WebMCP with a SecurityError where document.domain is enabled, forms included', async () => {
      const domainPage = await browser.newPage();
      await domainPage.goto(`${origin}/domain`);
      const state = await domainPage.evaluate(async () => {
        const outcome = async (run: () => unknown) => {
          try {
            await run();
            return 'ok';
          } catch (e) {
            return `${(e as Error).name}: ${(e as Error).message}`;
          }
        };
        document.domain = document.domain;
        const installed = (window as unknown as { WebMCPKit: { getInstallation(): { context: ModelContextLike } | null } }).WebMCPKit.getInstallation();
        type ModelContextLike = { getTools(): Promise<unknown[]>; registerTool(tool: object): Promise<void>; executeTool(tool: object, input: object): Promise<unknown> };
        return {
          cluster: window.originAgentCluster,
          // Native 156 refuses in the getter or in the methods, depending on when it is asked.
          api: await outcome(() => document.modelContext.getTools()),
          // A reference taken before (our installation) refuses too.
          register: installed ? await outcome(() => installed.context.registerTool({ name: 'a', description: 'd', execute: () => 1 })) : 'refused',
          list: installed ? await outcome(() => installed.context.getTools()) : 'refused',
          // Native's SecurityError comes before our DataError for input that does not fit.
          exec: installed ? await outcome(() => installed.context.executeTool(
            { name: 'subscribe', description: 'd', window, origin: location.origin, inputSchema: { type: 'object', required: ['email'] } },
            {},
          )) : 'refused',
        };
      });
      const refused = 'SecurityError: document.modelContext cannot be used when document.domain is enabled.';
      expect(state).toEqual({ cluster: false, api: refused, register: refused, list: refused, exec: refused });
      if (!native) {
        expect(await domainPage.evaluate(() => { try { return String(document.modelContext); } catch (e) { return (e as Error).name; } })).toBe('SecurityError');
      }
      await domainPage.close();
    });

    it('installs nothing outside a secure context, and the helpers say why', async () => {
      const insecure = await browser.newPage();
      await insecure.goto(origin.replace('127.0.0.1', 'insecure.test') + '/forced-no-tools');
      expect(await insecure.evaluate(async () => ({
        secure: isSecureContext,
        document: 'modelContext' in document,
        navigator: 'modelContext' in navigator,
        register: await (window as unknown as { WebMCPKit: { registerTools(t: object[]): Promise<unknown> } }).WebMCPKit
          .registerTools([]).then(() => 'ok', (e: Error & { code?: string }) => `${e.code}: ${e.message}`),
      }))).toEqual({ secure: false, document: false, navigator: false, register: 'WEBMCP_KIT_NOT_SUPPORTED: WebMCP needs a secure context (https: or http://localhost)' });
      await insecure.close();
    });

    if (native) {
      it('data-force-polyfill replaces native, and the polyfill honours the tools permissions policy where the browser exposes it', async () => {
        const forced = await browser.newPage();
        await forced.goto(`${origin}/forced-no-tools`);
        expect(await forced.evaluate(async () => ({
          native: (window as unknown as { WebMCPKit: { isNativeModelContext(): boolean } }).WebMCPKit.isNativeModelContext(),
          register: await document.modelContext.registerTool({ name: 'a', description: 'd', execute: () => 1 }).then(() => 'ok', (e: Error) => `${e.name}: ${e.message}`),
        }))).toEqual({ native: false, register: 'NotAllowedError: Access to the feature "tools" is disallowed by permissions policy.' });
        await forced.close();
      });

      it("validates calls from the native agent path (Playwright's page.webmcp) before execute runs", async () => {
        const tools = await page.webmcp.tools();
        expect(tools.map((t) => t.name).sort()).toEqual(['add', 'place_order']);
        expect(await page.webmcp.callTool('add', { a: 1, b: 2 })).toBe(3);
        await page.evaluate(() => ((window as unknown as { executed: string[] }).executed.length = 0));
        await expect(page.webmcp.callTool('add', { a: 'x', b: 2 })).rejects.toThrow();
        expect(await page.evaluate(() => (window as unknown as { executed: string[] }).executed)).toEqual([]);
      });
    }
  });
}
