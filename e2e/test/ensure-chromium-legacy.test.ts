/** The legacy Chromium (< 152) fetcher: version choice, lookup, and its best-effort failure. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureLegacyChromium, findLegacyChromium, pickLegacyVersion } from '../support/ensure-chromium-legacy.mjs';

const MADISON = `  chromium | 156.0.8078.114-1~deb12u1 | http://deb.debian.org/debian-security bookworm-security/main amd64 Packages
  chromium | 150.0.7871.100-1~deb12u1 | http://deb.debian.org/debian bookworm/main amd64 Packages
`;

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));
const tempDir = () => (dir = mkdtempSync(join(tmpdir(), 'chromium-legacy-')));

describe('pickLegacyVersion', () => {
  it('picks the newest version below 152, comparing numerically', () => {
    expect(pickLegacyVersion(MADISON)).toBe('150.0.7871.100-1~deb12u1');
    expect(pickLegacyVersion(`${MADISON} chromium | 150.0.7871.99-1 | x\n chromium | 151.0.1-1 | x\n chromium | 152.0.1-1 | x\n`)).toBe('151.0.1-1');
    expect(pickLegacyVersion(' chromium | 150.0.10-1 | x\n chromium | 150.0.9-1 | x\n')).toBe('150.0.10-1');
  });

  it('gives nothing when apt offers only 152 and later', () => {
    expect(pickLegacyVersion(MADISON.split('\n')[0]!)).toBeUndefined();
    expect(pickLegacyVersion('')).toBeUndefined();
  });
});

describe('findLegacyChromium and ensureLegacyChromium', () => {
  it('takes CHROMIUM_LEGACY_PATH, and names it when it points nowhere', () => {
    expect(findLegacyChromium({ CHROMIUM_LEGACY_PATH: process.execPath }, tempDir())).toEqual({ path: process.execPath });
    expect(findLegacyChromium({ CHROMIUM_LEGACY_PATH: '/nonexistent/chromium' }, tempDir()).reason).toBe('CHROMIUM_LEGACY_PATH=/nonexistent/chromium does not exist');
  });

  it('uses a complete unpack as it is, without apt, and redoes an interrupted one', () => {
    const root = tempDir();
    mkdirSync(join(root, 'usr/lib/chromium'), { recursive: true });
    writeFileSync(join(root, 'usr/lib/chromium/chromium'), '');
    // No version marker yet: the unpack did not finish, so it is fetched again (here: no apt).
    expect(ensureLegacyChromium({ env: {}, dir: root, hasApt: false }).path).toBeUndefined();
    writeFileSync(join(root, 'version'), '150.0.7871.100-1~deb12u1\n');
    expect(ensureLegacyChromium({ env: {}, dir: root, hasApt: false })).toEqual({ path: join(root, 'usr/lib/chromium/chromium') });
  });

  it('never throws without apt: it records why, and the lookup says so with what to do', () => {
    const root = tempDir();
    expect(ensureLegacyChromium({ env: {}, dir: root, hasApt: false })).toEqual({ reason: 'this system has no apt-get to fetch a Chromium < 152 from' });
    const { path, reason } = findLegacyChromium({}, root);
    expect(path).toBeUndefined();
    expect(reason).toMatch(/^this system has no apt-get to fetch a Chromium < 152 from \(run `node e2e\/support\/ensure-chromium-legacy\.mjs`, or set CHROMIUM_LEGACY_PATH/);
  });
});
