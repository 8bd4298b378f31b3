/** Pins the public surface: the names each entry point exports. */
import { describe, expect, it } from 'vitest';
import * as page from '../src/page/index';
import * as root from '../src/index';

describe('public API', () => {
  it('root entry exports', () => {
    expect(Object.keys(root).sort()).toEqual(
      ['BRIDGE_VERSION', 'BridgeError', 'PAGE_PROTOCOL', 'PAGE_RELAY_PROTOCOL', 'PAGE_SOCKET_PATH', 'connectBrowser', 'createBridge', 'isBridgeError', 'parseCliArgs', 'startBanner'].sort(),
    );
  });

  it('page entry exports only connect', () => {
    expect(Object.keys(page)).toEqual(['connect']);
  });
});
