/**
 * Every official MCP Apps example server published on npm, rendered by `<mcp-app-frame>` in real
 * Chromium through the sandbox proxy (default, compatible CSP profile), with the app-initiated
 * calls each one makes. CDN assets come from npm packages through Playwright routing
 * (support/example-assets.ts); what each server needed is listed in the package README.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../e2e/support/chromium.mjs';
import { createSandboxProxyServer, type SandboxProxyServer } from '../src/proxy/index';
import { startHostPage, startMcpServer, type ExampleServer } from './support/app-host-env.mjs';
import { cdnRequests, routeExampleCdns, writeSamplePdf } from './support/example-assets';

interface Seen {
  type: string;
  text?: string;
  hasImage?: boolean;
  code?: string;
}
type Recorded = { events: Seen[]; calls: string[] };

let host: Awaited<ReturnType<typeof startHostPage>>;
let proxy: SandboxProxyServer;
let strictProxy: SandboxProxyServer;
let browser: Browser;
let context: BrowserContext;
const pdfFile = writeSamplePdf(mkdtempSync(join(tmpdir(), 'app-host-pdf-')), 'Hello from npm');

beforeAll(async () => {
  host = await startHostPage(fileURLToPath(new URL('./fixtures/host-page.ts', import.meta.url)));
  proxy = await createSandboxProxyServer({ hostOrigins: [host.origin] });
  strictProxy = await createSandboxProxyServer({ hostOrigins: [host.origin], profile: 'strict' });
  const launch = chromiumLaunchOptions();
  // A fake microphone for transcript; WebGL in software for map, threejs and shadertoy.
  const args = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
  browser = await chromium.launch({ ...launch, args: [...launch.args, ...args] });
  context = await browser.newContext({ viewport: { width: 900, height: 800 } });
  await routeExampleCdns(context);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([host?.close(), proxy?.close(), strictProxy?.close()]);
});

/**
 * Starts the example server, opens a host page and mounts the app of `tool` with `input`,
 * recording the element's events and the tool calls and reads the app makes through the client.
 */
async function render(server: ExampleServer, tool: string, input: Record<string, unknown>, options: { args?: string[]; sandbox?: string; initScript?: string } = {}) {
  const mcp = await startMcpServer(server, {}, options.args ?? []);
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) violations.push(m.text());
  });
  if (options.initScript) await page.addInitScript(options.initScript);
  await page.goto(host.url);
  await page.waitForFunction(() => window.appHost?.ready);
  await page.evaluate(
    async ({ url, sandbox, tool, input }) => {
      const client = await window.appHost.connect(url);
      const { tools } = await client.listTools();
      const el = document.createElement('mcp-app-frame');
      const seen: Recorded = ((window as unknown as { seen: Recorded }).seen = { events: [], calls: [] });
      for (const type of ['initialized', 'message', 'model-context', 'error']) {
        el.addEventListener(`mcp-app-${type}`, (e) => {
          const x = e as Event & { content?: Array<{ type: string; text?: string }>; error?: Error & { code?: string } };
          const text = x.error?.message ?? x.content?.find((c) => c.type === 'text')?.text;
          seen.events.push({ type, text, hasImage: x.content?.some((c) => c.type === 'image'), code: x.error?.code });
        });
      }
      el.toolResult = client.callTool({ name: tool, arguments: input }) as never;
      // From here on, every call through the client is the app's own.
      const callTool = client.callTool.bind(client);
      client.callTool = ((params: { name: string }, ...rest: never[]) => {
        seen.calls.push(params.name);
        return callTool(params as never, ...rest);
      }) as typeof client.callTool;
      Object.assign(el, { client, sandbox, tool: tools.find((t) => t.name === tool), toolInput: input });
      document.getElementById('root')!.append(el);
    },
    { url: mcp.url, sandbox: options.sandbox ?? proxy.url, tool, input },
  );
  const recorded = () => page.evaluate(() => (window as unknown as { seen: Recorded }).seen);
  await expect.poll(async () => (await recorded()).events.map((e) => e.type), { timeout: 30_000 }).toContain('initialized');
  const outer = await page.locator('mcp-app-frame iframe').elementHandle();
  const proxyFrame = (await outer!.contentFrame())!;
  await expect.poll(() => proxyFrame.childFrames().length, { timeout: 15_000 }).toBe(1);
  const app: Frame = proxyFrame.childFrames()[0]!;
  return {
    app,
    page,
    violations,
    recorded,
    close: async () => {
      await page.close();
      await mcp.close();
    },
  };
}

type Rendered = Awaited<ReturnType<typeof render>>;
const event = async (r: Rendered, type: string, match: RegExp = /./) => {
  await expect.poll(async () => (await r.recorded()).events.some((e) => e.type === type && match.test(e.text ?? '')), { timeout: 30_000 }).toBe(true);
  return (await r.recorded()).events.find((e) => e.type === type && match.test(e.text ?? ''))!;
};

// Software WebGL and a 4 MB pdf.js app on 2 shared cores: generous bounds.
describe('official MCP Apps example servers from npm', { timeout: 120_000 }, () => {
  it('basic-vanillajs: shows the time and calls get-time again', async () => {
    const r = await render('basic-vanillajs', 'get-time', {});
    const time = r.app.locator('#server-time');
    await expect.poll(() => time.textContent(), { timeout: 15_000 }).toMatch(/^\d{4}-\d\d-\d\dT/);
    await r.app.locator('#get-time-btn').dispatchEvent('click');
    await expect.poll(async () => (await r.recorded()).calls).toContain('get-time');
    expect(r.violations).toEqual([]);
    await r.close();
  });

  it('debug: renders and reports each callback to its server through its app-only debug-log tool', async () => {
    const r = await render('debug', 'debug-tool', { contentType: 'text' });
    await expect.poll(async () => (await r.recorded()).calls, { timeout: 15_000 }).toContain('debug-log');
    await r.app.locator('#call-debug-refresh-btn').click();
    await expect.poll(async () => (await r.recorded()).calls).toContain('debug-refresh');
    expect(r.violations).toEqual([]);
    await r.close();
  });

  it('map: loads CesiumJS (from the cesium package), draws the globe and tells the model what it shows', async () => {
    const r = await render('map', 'show-map', { west: 2.2, south: 48.8, east: 2.45, north: 48.92, label: 'Paris' });
    const context = await event(r, 'model-context', /map view/);
    expect(context.hasImage).toBe(true); // a capture of the WebGL canvas
    expect(await r.app.locator('.cesium-viewer canvas').count()).toBeGreaterThan(0);
    expect(cdnRequests.some((u) => /cesium\.com\/.*\/Workers\//.test(u))).toBe(true); // its workers ran
    expect(cdnRequests.some((u) => u.startsWith('https://tile.openstreetmap.org/'))).toBe(true);
    expect(r.violations).toEqual([]);
    await r.close();
  });

  const cube =
    'const scene = new THREE.Scene(); const camera = new THREE.PerspectiveCamera(75, width / height, 0.1, 100); camera.position.z = 3;' +
    'const renderer = new THREE.WebGLRenderer({ canvas }); renderer.setSize(width, height);' +
    'scene.add(new THREE.Mesh(new THREE.BoxGeometry(), new THREE.MeshNormalMaterial())); renderer.render(scene, camera);';

  it("threejs: runs the scene code (it needs 'unsafe-eval') on a WebGL canvas", async () => {
    const r = await render('threejs', 'show_threejs_scene', { code: cube, height: 300 });
    await expect.poll(() => r.app.locator('canvas').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await r.app.locator('.error, .error-overlay').count()).toBe(0);
    expect((await r.recorded()).events.filter((e) => e.type === 'model-context')).toEqual([]); // no "Scene Error"
    expect(r.violations).toEqual([]);
    await r.close();
  });

  it('threejs under the strict profile: eval is refused, so the scene fails (why compatible is the default)', async () => {
    const r = await render('threejs', 'show_threejs_scene', { code: cube, height: 300 }, { sandbox: strictProxy.url });
    // The app shows the error and reports it to the model itself.
    await event(r, 'model-context', /Three\.js Scene Error: Evaluating a string as JavaScript violates .*'unsafe-eval'/);
    expect(await r.app.locator('body').innerText()).toContain("'unsafe-eval' is not an allowed source of script");
    await r.close();
  });

  it('pdf: reads the PDF through its app-only read_pdf_bytes tool and renders it with pdf.js', async () => {
    const r = await render('pdf', 'display_pdf', { url: `file://${pdfFile}` }, { args: [pdfFile] });
    await expect.poll(async () => (await r.recorded()).calls, { timeout: 30_000 }).toContain('read_pdf_bytes');
    await event(r, 'model-context', /Current Page: 1\/1/);
    await expect.poll(() => r.app.locator('canvas').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(r.violations).toEqual([]);
    await r.close();
  });

  it('sheet-music: engraves the ABC notation as SVG', async () => {
    const r = await render('sheet-music', 'play-sheet-music', { abcNotation: 'X:1\nT:Scale\nM:4/4\nL:1/4\nK:C\nC D E F|G A B c|' });
    await expect.poll(() => r.app.locator('svg path').count(), { timeout: 30_000 }).toBeGreaterThan(10);
    expect(r.violations).toEqual([]);
    await r.close();
  });

  // Chromium's Web Speech recognition streams the audio to Google's service, which this machine
  // can't reach: a stand-in recognizer (in every frame) hears one final phrase.
  const FAKE_RECOGNIZER = `window.SpeechRecognition = window.webkitSpeechRecognition = class {
    start() { if (this.heard) return; this.heard = true; setTimeout(() => { this.onstart?.(); const r = [{ transcript: 'hello from the fake microphone', confidence: 1 }]; r.isFinal = true; this.onresult?.({ resultIndex: 0, results: [r] }); }, 50); }
    stop() {} abort() {} addEventListener() {}
  };`;

  it('transcript: opens the (fake) microphone it was granted and sends the transcript as a ui/message', async () => {
    const r = await render('transcript', 'transcribe', {}, { initScript: FAKE_RECOGNIZER });
    await r.app.locator('#start-btn').click();
    // The level meter moves only with a live microphone stream (delegated through both iframes).
    await expect.poll(() => r.app.locator('#mic-level').evaluate((el) => (el as HTMLElement).style.width), { timeout: 15_000 }).toMatch(/^(?!0%)\d/);
    await expect.poll(() => r.app.locator('#transcript').innerText(), { timeout: 15_000 }).toContain('hello from the fake microphone');
    await r.app.locator('#send-btn').click();
    expect((await event(r, 'message')).text).toContain('hello from the fake microphone');
    expect(r.violations).toEqual([]);
    await r.close();
  });

  it('shadertoy: compiles and runs the shader on WebGL, and tells the model when one fails to compile', async () => {
    const ok = await render('shadertoy', 'render-shadertoy', { fragmentShader: 'void mainImage(out vec4 c, in vec2 p) { c = vec4(p / iResolution.xy, 0.5, 1.0); }' });
    await expect.poll(() => ok.app.locator('#canvas').evaluate((c: HTMLCanvasElement) => c.width), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(ok.violations).toEqual([]);
    await ok.close();
    const broken = await render('shadertoy', 'render-shadertoy', { fragmentShader: 'void mainImage(out vec4 c, in vec2 p) { c = nope; }' });
    await event(broken, 'model-context', /Shader compilation fail/);
    await broken.close();
  });
});
