// Run before the tests (root `pretest`, `.ci/run`): make sure the Chromium finder will succeed.
// Uses the one it finds; else installs Debian's `chromium` when it can (root + apt-get); else
// stops at once, naming the command. Plain JavaScript (types in ensure-chromium.d.mts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { findChromium } from './chromium.mjs';

/** The commands that install Debian's Chromium, run as root. */
export const APT_INSTALL = [
  ['apt-get', 'update', '-qq'],
  ['apt-get', 'install', '-y', '-qq', 'chromium'],
];

/**
 * Decides what to do, without side effects: `use` a Chromium found (CHROMIUM_PATH first),
 * `install` Debian's when running as root with apt-get, otherwise `fail` with the command to run.
 * A CHROMIUM_PATH that points nowhere is a mistake to report, never a reason to install.
 */
export function planChromium({ env = process.env, find = findChromium, isRoot = process.getuid?.() === 0, hasApt = existsSync('/usr/bin/apt-get') } = {}) {
  try {
    return { action: 'use', path: find(env) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (env.CHROMIUM_PATH) return { action: 'fail', message };
    if (isRoot && hasApt) return { action: 'install', commands: APT_INSTALL };
    const why = hasApt ? 'this process is not root' : 'this system has no apt-get';
    return { action: 'fail', message: `${message}\n(npm test installs it only as root with apt-get; ${why}.)` };
  }
}

/** Carries out the plan; returns the Chromium path or throws with what to do. */
export function ensureChromium(options = {}) {
  const plan = planChromium(options);
  if (plan.action === 'use') return plan.path;
  if (plan.action === 'fail') throw new Error(plan.message);
  console.error("ensure-chromium: no Chromium found; installing Debian's chromium");
  for (const [cmd, ...args] of plan.commands) {
    // stdout too goes to stderr: callers may use stdout for their own output.
    const run = spawnSync(cmd, args, { stdio: ['ignore', 2, 2], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (run.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} failed (${run.error?.message ?? `exit ${run.status}`}); install Chromium yourself: apt-get install -y chromium`);
  }
  const after = planChromium({ ...options, isRoot: false });
  if (after.action !== 'use') throw new Error(after.message);
  return after.path;
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  try {
    ensureChromium();
  } catch (error) {
    console.error(`ensure-chromium: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
