// Run from `.ci/run` (after `npm ci`, which empties node_modules): puts an older Chromium, whose
// native WebMCP has the pre-spec shape (string schemas, JSON-string executeTool input, sync
// registerTool), beside the system one, for packages/bridge/test/legacy-native.test.ts.
// Unpacks Debian's .deb files into a cache folder without installing them. Best effort: when apt
// offers no such version it records why, the legacy tests skip naming it, and this exits 0.
// Plain JavaScript (types in ensure-chromium-legacy.d.mts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Chromium majors below this one have the older native WebMCP shape (152 dropped `navigator.modelContext`). */
export const LEGACY_BELOW_MAJOR = 152;

/** Where the unpacked legacy Chromium lives. */
export const LEGACY_CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/chromium-legacy/', import.meta.url));

const BINARY = 'usr/lib/chromium/chromium';
const STATUS_FILE = 'status.json';
/** Written last, with the version: without it an unpack was interrupted and is redone. */
const DONE_FILE = 'version';

/**
 * The newest version in `apt-cache madison chromium` output whose major is below
 * {@link LEGACY_BELOW_MAJOR}, or undefined.
 */
export function pickLegacyVersion(madison) {
  const versions = madison
    .split('\n')
    .map((line) => line.split('|')[1]?.trim())
    .filter((v) => v && Number.parseInt(v, 10) < LEGACY_BELOW_MAJOR);
  const key = (v) => v.split(/[.-]/).map((n) => Number.parseInt(n, 10) || 0);
  versions.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
    return 0;
  });
  return versions[0];
}

/**
 * Finds the legacy Chromium: `CHROMIUM_LEGACY_PATH`, else the unpacked one in {@link LEGACY_CACHE_DIR}.
 * Returns `{ path }`, or `{ reason }` saying why there is none (what the tests print when they skip).
 */
export function findLegacyChromium(env = process.env, dir = LEGACY_CACHE_DIR) {
  if (env.CHROMIUM_LEGACY_PATH) {
    return existsSync(env.CHROMIUM_LEGACY_PATH) ? { path: env.CHROMIUM_LEGACY_PATH } : { reason: `CHROMIUM_LEGACY_PATH=${env.CHROMIUM_LEGACY_PATH} does not exist` };
  }
  const binary = join(dir, BINARY);
  if (existsSync(binary) && existsSync(join(dir, DONE_FILE))) return { path: binary };
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(join(dir, STATUS_FILE), 'utf8')).reason;
  } catch {
    // Never ran here.
  }
  return {
    reason: `${recorded ?? `no legacy Chromium in ${dir}`} (run \`node e2e/support/ensure-chromium-legacy.mjs\`, or set CHROMIUM_LEGACY_PATH to a Chromium < ${LEGACY_BELOW_MAJOR} binary)`,
  };
}

function run(cmd, args, cwd, timeout = 300_000) {
  const out = spawnSync(cmd, args, { cwd, timeout, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return { ok: out.status === 0, stdout: out.stdout ?? '', why: out.error?.message ?? `exit ${out.status}: ${(out.stderr ?? '').trim().split('\n').at(-1)}` };
}

/**
 * Unpacks Debian's newest `chromium` < {@link LEGACY_BELOW_MAJOR} (and its `chromium-common`) into
 * {@link LEGACY_CACHE_DIR}; skips when a complete unpack is already there. Never throws: returns
 * `{ path }` or `{ reason }`, and records the reason for the tests.
 */
export function ensureLegacyChromium({ env = process.env, dir = LEGACY_CACHE_DIR, isRoot = process.getuid?.() === 0, hasApt = existsSync('/usr/bin/apt-get') } = {}) {
  const found = findLegacyChromium(env, dir);
  if (found.path || env.CHROMIUM_LEGACY_PATH) return found;
  const fail = (reason) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, STATUS_FILE), JSON.stringify({ reason }));
    return { reason };
  };
  if (!hasApt) return fail('this system has no apt-get to fetch a Chromium < 152 from');
  const madison = () => run('apt-cache', ['madison', 'chromium']).stdout;
  let version = pickLegacyVersion(madison());
  // Lists may be missing on a fresh machine: refresh once (root only) and look again.
  if (!version && isRoot && run('apt-get', ['update', '-qq']).ok) version = pickLegacyVersion(madison());
  if (!version) return fail(`apt offers no chromium < ${LEGACY_BELOW_MAJOR} (Debian bookworm main had 150.0.7871.100-1~deb12u1; \`apt-cache madison chromium\` lists what is offered now)`);
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(join(dir, 'download-'));
  try {
    const got = run('apt-get', ['download', `chromium=${version}`, `chromium-common=${version}`], work);
    if (!got.ok) return fail(`apt-get download chromium=${version} chromium-common=${version} failed (${got.why})`);
    for (const deb of readdirSync(work).filter((f) => f.endsWith('.deb'))) {
      const unpacked = run('dpkg', ['-x', join(work, deb), dir]);
      if (!unpacked.ok) return fail(`dpkg -x ${deb} failed (${unpacked.why})`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const binary = join(dir, BINARY);
  if (!existsSync(binary)) return fail(`chromium ${version} unpacked without ${BINARY}`);
  // Its libraries come from the system (the installed chromium's dependencies): check it runs.
  const started = run(binary, ['--headless', '--no-sandbox', '--disable-gpu', '--version'], undefined, 30_000);
  if (!started.ok || !/Chromium \d+/.test(started.stdout)) return fail(`chromium ${version} unpacked but does not start (${started.why})`);
  rmSync(join(dir, STATUS_FILE), { force: true });
  writeFileSync(join(dir, DONE_FILE), `${version}\n`);
  return { path: binary, version };
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const started = Date.now();
  const result = ensureLegacyChromium();
  if (result.path) {
    console.error(`ensure-chromium-legacy: using ${result.path} (${Date.now() - started} ms)`);
  } else {
    console.error(`ensure-chromium-legacy: legacy-native tests will skip: ${result.reason}`);
  }
}
