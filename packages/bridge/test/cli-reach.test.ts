/** `--cdp` and `--launch` flags: what they turn into, and the clear refusals. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { connectBrowser, createBridge, isBridgeError, parseCliArgs } from '../src/index';
import { launchChromium } from '../src/launch/launch-chromium';
import { DIST, readDist } from './support';

describe('--cdp and --launch arguments', () => {
  it('--cdp needs an explicit origin allow-list', () => {
    expect(() => parseCliArgs(['--cdp', 'http://127.0.0.1:9222'], {})).toThrow(
      '--cdp needs --allow-origin (repeatable): only pages of those origins are exposed, e.g. --allow-origin https://shop.example',
    );
    expect(parseCliArgs(['--cdp', 'http://127.0.0.1:9222', '--allow-origin', 'https://shop.test', '--polyfill'], {}).browser).toEqual({
      cdp: 'http://127.0.0.1:9222',
      allowOrigins: ['https://shop.test'],
      polyfill: true,
    });
  });

  it('--launch opens its URLs and allows their origins unless told otherwise', () => {
    expect(parseCliArgs(['--launch', 'http://localhost:5173/app', 'https://shop.test/x', '--headless'], {}).browser).toEqual({
      launch: { urls: ['http://localhost:5173/app', 'https://shop.test/x'], headless: true, userDataDir: undefined, webmcp: true },
      allowOrigins: ['http://localhost:5173', 'https://shop.test'],
      polyfill: undefined,
    });
    expect(parseCliArgs(['--launch', 'http://localhost:5173/', '--allow-origin', 'http://localhost:*'], {}).browser?.allowOrigins).toEqual(['http://localhost:*']);
    expect(() => parseCliArgs(['--launch'], {})).toThrow('--launch without page URLs needs --allow-origin');
    expect(() => parseCliArgs(['--launch', 'localhost:5173'], {})).toThrow('--launch: "localhost:5173" is not an http(s) URL (include the scheme, e.g. http://localhost:5173/)');
  });

  it('refuses flags that do not go together', () => {
    expect(() => parseCliArgs(['--cdp', 'http://127.0.0.1:9222', '--launch', '--allow-origin', 'https://a.test'], {})).toThrow('--cdp and --launch cannot be combined');
    expect(() => parseCliArgs(['--polyfill'], {})).toThrow('--polyfill only applies with --cdp or --launch');
    expect(() => parseCliArgs(['--cdp', 'http://127.0.0.1:9222', '--allow-origin', 'https://a.test', '--headless'], {})).toThrow(
      '--user-data-dir, --headless and --without-native-webmcp only apply with --launch',
    );
    expect(() => parseCliArgs(['http://localhost:5173/'], {})).toThrow('unexpected argument "http://localhost:5173/" (page URLs go after --launch)');
    expect(parseCliArgs([], {}).browser).toBeUndefined();
  });

  it('the command names an unreachable DevTools endpoint and how to start one', async () => {
    readDist(`${DIST}cli.js`);
    const proc = spawn(process.execPath, [`${DIST}cli.js`, '--port', '0', '--cdp', 'http://127.0.0.1:9', '--allow-origin', 'https://a.test'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('webmcp-bridge: Cannot reach the DevTools endpoint http://127.0.0.1:9/json/version');
    expect(stderr).toContain('Start Chromium with --remote-debugging-port=9222 --user-data-dir=<a folder of its own>');
  });

  it('connectBrowser and launchChromium say what is wrong', async () => {
    const bridge = createBridge({ port: 0 });
    await expect(connectBrowser(bridge, { cdp: 'http://127.0.0.1:9', allowOrigins: [] })).rejects.toThrow(
      'Reaching a browser needs an explicit allow-list of page origins (--allow-origin)',
    );
    await expect(connectBrowser(bridge, { allowOrigins: ['https://a.test'] })).rejects.toThrow('give exactly one of cdp and launch');
    await expect(connectBrowser(bridge, { cdp: 'ftp://x', allowOrigins: ['https://a.test'] })).rejects.toThrow('--cdp must use http(s):// or ws(s)://; got "ftp:"');
    const failed = await launchChromium({ executablePath: '/bin/false', timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(isBridgeError(failed) && failed.code).toBe('WEBMCP_BRIDGE_LAUNCH_FAILED');
    expect((failed as Error).message).toMatch(/^Cannot start \/bin\/false: Chromium exited with code 1 before it was ready/);
  });
});
