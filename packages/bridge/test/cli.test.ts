/** The built `webmcp-bridge` command: start banner, the --no-client-auth warning, refusals. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/cli-options';
import { DIST, readDist } from './support';

/** Runs the CLI until its banner (or exit) and returns stderr and the exit code (null if it kept running). */
function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ stderr: string; stdout: string; code: number | null }> {
  readDist(`${DIST}cli.js`);
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [`${DIST}cli.js`, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stderr = '';
    let stdout = '';
    const timer = setTimeout(() => {
      proc.kill();
      reject(new Error(`CLI neither printed its banner nor exited within 10 s: ${stderr}`));
    }, 10_000);
    proc.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('MCP Inspector CLI:') && stderr.endsWith('\n\n')) {
        clearTimeout(timer);
        proc.kill('SIGTERM');
        proc.once('exit', () => resolve({ stderr, stdout, code: null }));
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ stderr, stdout, code });
    });
  });
}

describe('webmcp-bridge CLI', () => {
  it('prints tokens and client configuration on stderr, nothing on stdout', async () => {
    const { stderr, stdout } = await runCli(['--port', '0', '--client-token', 'cli-client-token-123456', '--page-token', 'cli-page-token-1234567']);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/webmcp-bridge listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(stderr).toContain('Page token:   cli-page-token-1234567');
    expect(stderr).toContain('claude mcp add --transport http webmcp http://127.0.0.1:');
    expect(stderr).toContain('--header "Authorization: Bearer cli-client-token-123456"');
    expect(stderr).toContain('"Authorization": "Bearer cli-client-token-123456"');
    // JSON log lines never carry the tokens (the banner does, deliberately).
    const logLines = stderr.split('\n').filter((l) => l.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(line).not.toMatch(/cli-(client|page)-token/);
    // Log lines are written in batches; the banner still comes after the lines logged before it.
    expect(stderr.indexOf('"msg":"listening"')).toBeGreaterThanOrEqual(0);
    expect(stderr.indexOf('"msg":"listening"')).toBeLessThan(stderr.indexOf('webmcp-bridge listening on'));
  });

  it('warns when client auth is off, and refuses it off loopback', async () => {
    const open = await runCli(['--port', '0', '--no-client-auth']);
    expect(open.stderr).toContain('WARNING: client authentication is disabled (--no-client-auth)');
    const refused = await runCli(['--port', '0', '--host', '0.0.0.0', '--allowed-host', 'box.lan', '--no-client-auth']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('clientAuth: false (--no-client-auth) is only allowed on a loopback host; got host 0.0.0.0');
  });

  it('explains bad flags with the usage text', async () => {
    const bad = await runCli(['--call-timeout', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('webmcp-bridge: --call-timeout must be a whole number; got "soon"');
    expect(bad.stderr).toContain('Usage: npx @webmcp-kit/bridge [options]');
  });

  it('reads WEBMCP_BRIDGE_PORT and WEBMCP_BRIDGE_ALLOW_ORIGIN as the Vite plugin does; flags win', async () => {
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const { stderr } = await runCli([], { ...process.env, WEBMCP_BRIDGE_PORT: String(port) });
    expect(stderr).toContain(`webmcp-bridge listening on http://127.0.0.1:${port}`);

    const env = { WEBMCP_BRIDGE_PORT: '9000', WEBMCP_BRIDGE_ALLOW_ORIGIN: 'https://shop.test, http://localhost:*,' };
    expect(parseCliArgs([], env).options).toMatchObject({ port: 9000, allowOrigins: ['https://shop.test', 'http://localhost:*'] });
    expect(parseCliArgs(['--port', '0', '--allow-origin', 'https://a.test'], env).options).toMatchObject({ port: 0, allowOrigins: ['https://a.test'] });
    expect(parseCliArgs(['--cdp', 'http://127.0.0.1:9222'], env).browser?.allowOrigins).toEqual(['https://shop.test', 'http://localhost:*']);
    const bad = await runCli([], { ...process.env, WEBMCP_BRIDGE_PORT: 'eighty' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('webmcp-bridge: WEBMCP_BRIDGE_PORT must be a whole number; got "eighty"');
  });
});
