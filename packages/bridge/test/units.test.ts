/** Pure pieces: exposed-name assignment, result conversion, argument messages, CLI parsing. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCallNotifier, NOTIFY_LIMITS } from '../src/call-notifications';
import { createBridge, parseCliArgs, startBanner } from '../src/index';
import { errorResult, resultProblem, toCallResult } from '../src/results';
import { createTokenCheck } from '../src/security';
import { ToolNamer, originLabel } from '../src/tool-names';
import { validateAgainst } from '../src/validation';

const hex = (tab: string) => createHash('sha256').update(tab).digest('hex');

describe('ToolNamer', () => {
  const P = 'https://shop.example';
  it('keeps the first tab of the primary origin bare, suffixes later tabs by tab id, keeps names until released', () => {
    const n = new ToolNamer(P);
    expect(n.assign(P, 'tab-a', 'search')).toBe('search');
    expect(n.assign(P, 'tab-b', 'search')).toBe(`search_${hex('tab-b').slice(0, 4)}`);
    expect(n.assign(P, 'tab-a', 'search')).toBe('search');
    n.release('tab-a');
    expect(n.assign(P, 'tab-b', 'search')).toBe(`search_${hex('tab-b').slice(0, 4)}`);
    expect(n.assign(P, 'tab-c', 'search')).toBe('search');
  });

  it('gives every other origin its own namespace, labelled, so no origin can take or rename another one\'s names', () => {
    const n = new ToolNamer(P);
    // A squatter from another origin registers first: it still gets a labelled name.
    expect(n.assign('http://localhost:5173', 'evil', 'checkout')).toBe('checkout__http_localhost_5173');
    expect(n.assign(P, 'shop', 'checkout')).toBe('checkout');
    expect(n.assign('https://other.example', 'o', 'checkout')).toBe('checkout__other.example');
    expect(n.assign('https://other.example:8443', 'o2', 'checkout')).toBe('checkout__other.example_8443');
    // A primary-origin tool spelled like a labelled name cannot shadow that origin: it is labelled too.
    expect(n.assign(P, 'shop', 'checkout__other.example')).toBe('checkout__other.example__shop.example');
    expect(originLabel('http://[::1]:8080')).toBe('http_---1-_8080');
  });

  it('stays within 128 characters, deterministic, and lengthens the suffix instead of shadowing', () => {
    const n = new ToolNamer(P);
    const long = 'x'.repeat(128);
    n.assign(P, 'a', long);
    const second = n.assign(P, 'b', long);
    expect(second).toMatch(/^[A-Za-z0-9_.-]{128}$/);
    const labelled = n.assign('https://other.example', 'c', long);
    expect(labelled).toMatch(/^x+_[0-9a-f]{8}__other\.example$/);
    expect(labelled.length).toBe(128);
    const squatter = `t_${hex('c').slice(0, 4)}`;
    n.assign(P, 'a', 't');
    n.assign(P, 'z', squatter);
    expect(n.assign(P, 'c', 't')).toBe(`t_${hex('c').slice(0, 8)}`);
  });

  it('pins the first origin as primary when none is configured', () => {
    const n = new ToolNamer();
    expect(n.pinPrimary('http://127.0.0.1:3000')).toBe(true);
    expect(n.pinPrimary('http://localhost:5173')).toBe(false);
    expect(n.assign('http://127.0.0.1:3000', 't', 'add')).toBe('add');
    expect(n.assign('http://localhost:5173', 'u', 'add')).toBe('add__http_localhost_5173');
  });
});

describe('createTokenCheck', () => {
  it('accepts exactly the token: not a prefix, an extension, a zero-padded or an empty guess', () => {
    const ok = createTokenCheck('s3cret-token-é');
    expect(ok('s3cret-token-é')).toBe(true);
    for (const guess of [undefined, '', 's3cret', 's3cret-token-', 's3cret-token-éé', 's3cret-token-e', 's3cret-token-é\0', 'S3cret-token-é']) {
      expect(ok(guess), JSON.stringify(guess)).toBe(false);
    }
  });
});

describe('toCallResult', () => {
  it('passes MCP-shaped results through and wraps everything else as text', () => {
    expect(toCallResult('{"content":[{"type":"text","text":"a"}],"isError":true}', 'T', false)).toEqual({ content: [{ type: 'text', text: 'a' }], isError: true });
    expect(toCallResult('{"structuredContent":{"n":1}}', 'T', false)).toEqual({ structuredContent: { n: 1 }, content: [{ type: 'text', text: '{"n":1}' }] });
    expect(toCallResult('hello', 'T', false)).toEqual({ content: [{ type: 'text', text: 'hello' }] });
    expect(toCallResult('{"a":1}', 'T', false)).toEqual({ content: [{ type: 'text', text: '{"a":1}' }] });
    expect(toCallResult('{"a":1}', 'T', true)).toEqual({ content: [{ type: 'text', text: '{"a":1}' }], structuredContent: { a: 1 } });
    expect(toCallResult(null, 'T', false)).toEqual({ content: [{ type: 'text', text: '' }] });
  });

  it('turns a malformed MCP-shaped result into an error naming the bad field', () => {
    const r = toCallResult('{"content":[{"type":"image"}]}', 'Tool "x"', false);
    expect(r.isError).toBe(true);
    expect((r.content[0] as { text: string }).text).toMatch(/^Tool "x" returned a malformed MCP result: content\.0/);
    expect(errorResult('m')).toEqual({ isError: true, content: [{ type: 'text', text: 'm' }] });
  });

  it('finds a result one level past the depth limit, however it was built', () => {
    // As deep as a page's answer may be (64), then wrapped as structuredContent: 65 levels.
    const page = '{"v":'.repeat(64) + '1' + '}'.repeat(64);
    const deep = 'The result nests deeper than 64 levels (limit maxJsonDepth 64)';
    expect(resultProblem(toCallResult(page, 'T', true), 'The result')).toBe(deep);
    expect(resultProblem(JSON.parse(`{"content":[],"_meta":${page}}`), 'The result')).toBe(deep);
    // Text results built here are three levels deep whatever the text says.
    expect(resultProblem(toCallResult(page, 'T', false), 'The result')).toBeUndefined();
    expect(resultProblem(errorResult(page), 'The result')).toBeUndefined();
    expect(resultProblem(toCallResult(`{"structuredContent":${page.slice(5, -1)}}`, 'T', false), 'The result')).toBeUndefined();
  });
});

describe('validateAgainst', () => {
  const schema = { type: 'object', properties: { a: { type: 'number' }, nested: { type: 'object', properties: { b: { type: 'string' } } } }, required: ['a'] };
  it('names the failing field path', () => {
    expect(validateAgainst(schema, { a: 1 })).toBeUndefined();
    expect(validateAgainst(schema, { a: 'x' })).toBe('a: expected number, got string');
    expect(validateAgainst(schema, { a: 1, nested: { b: 2 } })).toBe('nested.b: expected string, got number');
    expect(validateAgainst(schema, {})).toBe('a: required property is missing');
    expect(validateAgainst({ ...schema, additionalProperties: false }, { a: 1, zz: 1 })).toBe('zz: property is not allowed (additionalProperties is false)');
  });
  it('gives an empty argument object the same answer every time (its outcome is kept per schema)', () => {
    const free = { type: 'object', properties: { x: { type: 'string' } } };
    const needy = { type: 'object', minProperties: 1 };
    for (let i = 0; i < 3; i++) {
      expect(validateAgainst(schema, {})).toBe('a: required property is missing');
      expect(validateAgainst(free, {})).toBeUndefined();
      expect(validateAgainst(needy, {})).toBe('(root): Instance does not have at least 1 properties.');
      // Only the empty object's outcome is kept: arguments are still checked after it.
      expect(validateAgainst(free, { x: 1 })).toBe('x: expected string, got number');
      expect(validateAgainst(schema, Object.create({ a: 1 }))).toBe('a: required property is missing');
      expect(validateAgainst({ type: 'array' }, [])).toBeUndefined();
    }
  });
});

describe('createCallNotifier', () => {
  it('offsets page progress by the heartbeats already sent, then stops the heartbeat', () => {
    const sent: unknown[][] = [];
    const notes = createCallNotifier({ progress: (...a) => void sent.push(a) }, 3_600_000, () => 'Running in the page');
    notes.heartbeat('Waiting for the user in the page');
    notes.heartbeat('The user responded; running in the page');
    expect(notes.fromPage({ t: 'progress', id: 1, progress: 0, total: 10 })).toBeUndefined();
    notes.heartbeat('Running in the page');
    expect(notes.fromPage({ t: 'progress', id: 1, progress: 0 })).toBe('reportProgress(progress): progress must increase with each call; got 0 after 0');
    expect(notes.fromPage({ t: 'progress', id: 1, progress: 5, total: 10, message: 'half' })).toBeUndefined();
    notes.stop();
    notes.fromPage({ t: 'progress', id: 1, progress: 6 });
    expect(sent).toEqual([
      [1, undefined, 'Waiting for the user in the page'],
      [2, undefined, 'The user responded; running in the page'],
      [2, 12, undefined],
      [7, 12, 'half'],
    ]);
  });

  it('lets a burst through, then a steady rate, and says so once', () => {
    let t = 0;
    const logged: unknown[] = [];
    const notes = createCallNotifier({ log: (_l, d) => void logged.push(d) }, 3_600_000, () => '', () => t);
    const problems = Array.from({ length: 100 }, (_, i) => notes.fromPage({ t: 'log', id: 1, level: 'info', data: i })).filter(Boolean);
    expect(logged).toHaveLength(NOTIFY_LIMITS.burst);
    expect(problems).toEqual([expect.stringContaining('over the rate limit')]);
    t += 1000;
    for (let i = 0; i < 100; i++) notes.fromPage({ t: 'log', id: 1, level: 'info', data: i });
    expect(logged).toHaveLength(NOTIFY_LIMITS.burst + NOTIFY_LIMITS.perSecond);
    expect(notes.fromPage({ t: 'log', id: 1, level: 'loud', data: 1 })).toMatch(/^log\(level\): level must be one of debug, info/);
    notes.stop();
  });
});

describe('CLI options', () => {
  it('parses repeatable flags, tokens from env, and rejects bad numbers', () => {
    const { options, stdio } = parseCliArgs(
      ['--port', '0', '--allow-origin', 'https://a.test', '--allow-origin', 'http://localhost:*', '--call-timeout', '1000', '--stdio', '--no-client-auth'],
      { WEBMCP_BRIDGE_PAGE_TOKEN: 'page-token-from-env-123' },
    );
    expect(stdio).toBe(true);
    expect(options).toMatchObject({ port: 0, allowOrigins: ['https://a.test', 'http://localhost:*'], callTimeoutMs: 1000, clientAuth: false, pageToken: 'page-token-from-env-123' });
    expect(() => parseCliArgs(['--port', 'abc'])).toThrow('--port must be a whole number; got "abc"');
    expect(parseCliArgs(['--heartbeat', '250']).options.progressIntervalMs).toBe(250);
    expect(() => parseCliArgs(['--heartbeat', '1s'])).toThrow('--heartbeat must be a whole number; got "1s"');
    expect(() => createBridge({ progressIntervalMs: 10 })).toThrow('progressIntervalMs (--heartbeat) must be 100–3600000 ms; got 10');
    expect(() => parseCliArgs(['--nope'])).toThrow(/nope/);
    expect(parseCliArgs(['--client-token', 'x'.repeat(20)], { WEBMCP_BRIDGE_CLIENT_TOKEN: 'y'.repeat(20) }).options.clientToken).toBe('x'.repeat(20));
    expect(parseCliArgs(['--max-sessions', '16', '--primary-origin', 'https://shop.example', '--expose-page-url']).options).toMatchObject({
      maxSessions: 16,
      primaryOrigin: 'https://shop.example',
      exposePageUrl: true,
    });
    expect(() => createBridge({ allowOrigins: ['https://shop.example'], primaryOrigin: 'https://evil.example' })).toThrow(
      'primaryOrigin "https://evil.example" must be one of the allowed page origins (allowOrigins / --allow-origin)',
    );
  });

  it('prints ready-to-paste client configuration with the tokens', async () => {
    const bridge = createBridge({ port: 0, logSink: () => {} });
    await bridge.listen();
    const banner = startBanner(bridge);
    const { mcpUrl, url } = bridge;
    await bridge.close();
    expect(banner).toContain(`claude mcp add --transport http webmcp ${mcpUrl} --header "Authorization: Bearer ${bridge.clientToken}"`);
    expect(banner).toContain(`"Authorization": "Bearer ${bridge.clientToken}"`);
    expect(banner).toContain(`WebMCPBridge.connect({ url: '${url}', token: '${bridge.pageToken}' })`);
    expect(banner).toContain('--transport http --header');
  });
});
