/** The check `npm test` and `.ci/run` run first: use a Chromium, install Debian's, or stop naming the command. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ChromiumNotFoundError, findChromium } from '../support/chromium.mjs';
import { APT_INSTALL, planChromium } from '../support/ensure-chromium.mjs';

const SCRIPT = fileURLToPath(new URL('../support/ensure-chromium.mjs', import.meta.url));
const nowhere = () => {
  throw new ChromiumNotFoundError(['/usr/bin/chromium']);
};

describe('planChromium', () => {
  it('uses CHROMIUM_PATH when it exists', () => {
    expect(planChromium({ env: { CHROMIUM_PATH: process.execPath }, isRoot: true, hasApt: true })).toEqual({ action: 'use', path: process.execPath });
  });

  it('reports a CHROMIUM_PATH that points nowhere instead of installing over it', () => {
    const plan = planChromium({ env: { CHROMIUM_PATH: '/nonexistent/chromium' }, isRoot: true, hasApt: true });
    expect(plan).toMatchObject({ action: 'fail' });
    expect(plan.action === 'fail' && plan.message).toContain('CHROMIUM_PATH=/nonexistent/chromium (does not exist)');
  });

  it("uses the Chromium the finder finds on this machine", () => {
    expect(planChromium({ env: {}, isRoot: false, hasApt: false })).toEqual({ action: 'use', path: findChromium({}) });
  });

  it("installs Debian's chromium when none is found and it runs as root with apt-get", () => {
    expect(planChromium({ env: {}, find: nowhere, isRoot: true, hasApt: true })).toEqual({ action: 'install', commands: APT_INSTALL });
    expect(APT_INSTALL.at(-1)).toEqual(['apt-get', 'install', '-y', '-qq', 'chromium']);
  });

  it('fails naming the install command when it cannot install', () => {
    for (const [isRoot, hasApt, why] of [[false, true, 'not root'], [true, false, 'no apt-get']] as const) {
      const plan = planChromium({ env: {}, find: nowhere, isRoot, hasApt });
      expect(plan.action).toBe('fail');
      expect(plan.action === 'fail' && plan.message).toContain('apt-get install -y chromium');
      expect(plan.action === 'fail' && plan.message).toContain(why);
    }
  });
});

describe('ensure-chromium.mjs (the root pretest)', () => {
  it('exits 0 silently when Chromium is there', () => {
    const run = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8', env: { ...process.env, CHROMIUM_PATH: findChromium({}) } });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, '', '']);
  });

  it('stops at once with exit 1 naming the command', () => {
    const t = performance.now();
    const run = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8', env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('apt-get install -y chromium');
    expect(performance.now() - t).toBeLessThan(5_000);
  });

  it('runs first in `npm test` and in .ci/run', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.pretest).toMatch(/^node e2e\/support\/ensure-chromium\.mjs && /);
    expect(readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8')).toContain('node e2e/support/ensure-chromium.mjs');
  });
});
