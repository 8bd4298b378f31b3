/** Option defaults from `WEBMCP_BRIDGE_*` and the errors bad options get. */
import { describe, expect, it } from 'vitest';
import { isWebMcpViteError, webmcp } from '../src/index';
import { resolveOptions } from '../src/options';

const TOKEN = 'abcdefghijklmnop-1234';

describe('resolveOptions', () => {
  it('defaults: port 8765, tokens generated later, bridge origins, polyfill on', () => {
    expect(resolveOptions({}, {})).toEqual({
      port: 8765,
      pageToken: undefined,
      clientToken: undefined,
      allowOrigin: undefined,
      polyfill: true,
      printConfig: true,
      preview: false,
    });
  });

  it('reads WEBMCP_BRIDGE_* as the CLI does; options win', () => {
    const env = {
      WEBMCP_BRIDGE_PORT: '9000',
      WEBMCP_BRIDGE_PAGE_TOKEN: TOKEN,
      WEBMCP_BRIDGE_CLIENT_TOKEN: `${TOKEN}-c`,
      WEBMCP_BRIDGE_ALLOW_ORIGIN: 'http://app.test:*, https://x.test',
    };
    expect(resolveOptions({}, env)).toMatchObject({
      port: 9000,
      pageToken: TOKEN,
      clientToken: `${TOKEN}-c`,
      allowOrigin: ['http://app.test:*', 'https://x.test'],
    });
    expect(resolveOptions({ port: 0, pageToken: `${TOKEN}-p`, allowOrigin: [] }, env)).toMatchObject({ port: 0, pageToken: `${TOKEN}-p`, allowOrigin: [] });
  });

  it.each([
    [{ port: -1 }, {}, /port: expected a whole number from 0 to 65535, got -1/],
    [{ port: 1.5 }, {}, /port: expected a whole number/],
    [{}, { WEBMCP_BRIDGE_PORT: 'abc' }, /WEBMCP_BRIDGE_PORT: expected a whole number from 0 to 65535, got "abc"/],
    [{ pageToken: 'short' }, {}, /pageToken: expected 16–512 characters/],
    [{}, { WEBMCP_BRIDGE_CLIENT_TOKEN: 'has spaces in it, so no' }, /WEBMCP_BRIDGE_CLIENT_TOKEN: expected 16–512/],
    [{ allowOrigin: ['*'] }, {}, /allowOrigin\[0\]: expected an origin/],
    [{ allowOrigin: 'http://a.test' }, {}, /allowOrigin: expected an array of origins/],
    [{}, { WEBMCP_BRIDGE_ALLOW_ORIGIN: 'http://ok.test,http://bad.test/path' }, /WEBMCP_BRIDGE_ALLOW_ORIGIN\[1\]: expected an origin/],
    [{ polyfill: 'yes' }, {}, /polyfill: expected a boolean, got "yes"/],
  ])('rejects %o / %o with a named error', (options, env, message) => {
    let error: unknown;
    try {
      resolveOptions(options as never, env);
    } catch (e) {
      error = e;
    }
    expect(isWebMcpViteError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('WEBMCP_VITE_INVALID_OPTION');
    expect((error as Error).message).toMatch(message);
  });

  it('webmcp() validates up front, when the config is loaded', () => {
    expect(() => webmcp({ port: 70000 })).toThrow(/webmcp\(\): port/);
  });
});
