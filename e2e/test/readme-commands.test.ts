/**
 * A newcomer's commands run only our code: every `npx` in the READMEs and CLI help names a scoped
 * package this repository installs (so npx never fetches a same-named stranger from the registry),
 * and every `npx @webmcp-kit/…` resolves to a committed bin of our workspace.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROXY_CLI_USAGE } from '../../packages/app-host/src/proxy/cli-args';
import { HELP } from '../../packages/bridge/src/cli-options';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READMES = [
  'README.md',
  ...readdirSync(`${ROOT}packages`).map((p) => `packages/${p}/README.md`),
  'demo/README.md',
  'e2e/README.md',
  'bench/README.md',
].filter((f) => existsSync(ROOT + f));

interface Npx {
  where: string;
  pkg: string;
}

/** The package each `npx …` in `text` would run: `-p`/`--package` if given, else the first argument. */
export function npxPackages(text: string, file: string): Npx[] {
  const found: Npx[] = [];
  const add = (line: number, args: string[]) => {
    let pkg: string | undefined;
    for (let i = 0; i < args.length && !pkg; i++) {
      const a = args[i]!;
      if (a === '-p' || a === '--package') pkg = args[i + 1];
      else if (a.startsWith('--package=')) pkg = a.slice('--package='.length);
      else if (!a.startsWith('-')) pkg = a;
    }
    found.push({ where: `${file}:${line}`, pkg: (pkg ?? '(none)').replace(/(.)@[^/]*$/, '$1') });
  };
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/(?:^|[\s`(])npx((?:\s+[^\s`|;&)#]+)+)/g)) add(i + 1, m[1]!.trim().split(/\s+/));
  });
  // mcp.json-style configs: "command": "npx", "args": [...]
  for (const m of text.matchAll(/"command":\s*"npx",\s*"args":\s*(\[[^\]]*\])/g)) {
    add(text.slice(0, m.index).split('\n').length, JSON.parse(m[1]!) as string[]);
  }
  return found;
}

const lock = JSON.parse(readFileSync(`${ROOT}package-lock.json`, 'utf8')) as { packages: Record<string, { link?: boolean; resolved?: string }> };

/** The bin `npx <name>` runs for a package, by npm's rule: the only target, or the bin named after the package. */
function npxBin(manifest: { name: string; bin?: Record<string, string> }): string | undefined {
  const bin = manifest.bin ?? {};
  if (new Set(Object.values(bin)).size === 1) return Object.values(bin)[0];
  return bin[manifest.name.replace(/^@[^/]+\//, '')];
}

const commands = [
  ...READMES.flatMap((f) => npxPackages(readFileSync(ROOT + f, 'utf8'), f)),
  ...npxPackages(HELP, 'bridge --help'),
  ...npxPackages(PROXY_CLI_USAGE, 'app-host --help'),
];

describe('npx commands in the READMEs and CLI help', () => {
  it('the extractor sees the forms a README uses (so the checks below can fail)', () => {
    const text = 'run `npx webmcp-bridge --port 1`\nnpx -y -p @x/y@1.2 cmd\n"command": "npx", "args": ["-y", "z", "--stdio"]';
    expect(npxPackages(text, 'sample').map((c) => c.pkg)).toEqual(['webmcp-bridge', '@x/y', 'z']);
    expect(commands.map((c) => c.pkg)).toEqual(expect.arrayContaining(['@webmcp-kit/bridge', '@webmcp-kit/app-host']));
    expect(commands.filter((c) => c.where.startsWith('README.md')).map((c) => c.pkg)).toContain('@webmcp-kit/bridge');
  });

  it('are all scoped: no bare name npx could resolve to someone else’s package', () => {
    expect(commands.filter((c) => !/^@[a-z0-9-]+\/[a-z0-9._-]+$/.test(c.pkg))).toEqual([]);
  });

  it('all name packages this repository installs, so a fresh clone runs them offline', () => {
    expect(commands.filter((c) => !lock.packages[`node_modules/${c.pkg}`])).toEqual([]);
  });

  it('every @webmcp-kit package resolves to a committed bin of our workspace', () => {
    const ours = [...new Set(commands.filter((c) => c.pkg.startsWith('@webmcp-kit/')).map((c) => c.pkg))];
    for (const pkg of ours) {
      const entry = lock.packages[`node_modules/${pkg}`];
      expect(entry, pkg).toMatchObject({ link: true });
      const dir = `${ROOT}${entry!.resolved}/`;
      const manifest = JSON.parse(readFileSync(`${dir}package.json`, 'utf8')) as { name: string; bin?: Record<string, string>; files?: string[] };
      expect(manifest.name).toBe(pkg);
      expect(Object.keys(manifest.bin ?? {}), pkg).toContain(pkg.replace('@webmcp-kit/', ''));
      const bin = npxBin(manifest);
      expect(bin, `${pkg}: which bin npx runs`).toBeDefined();
      // Not under dist/: npm links bins at install time only when the file exists.
      expect(bin, pkg).not.toMatch(/dist\//);
      expect(readFileSync(dir + bin, 'utf8'), pkg).toMatch(/^#!\/usr\/bin\/env node\n/);
      expect(manifest.files, `${pkg}: the bin is published`).toContain(bin!.replace(/^\.\//, '').split('/')[0]);
    }
  });
});

// Generous bound: in a clone that was never built, the first run builds the package (~5–15 s).
describe('npx @webmcp-kit/… in this checkout', { timeout: 90_000 }, () => {
  // npm_config_offline: resolving to the registry instead of our workspace would fail, not pass.
  const npx = (args: string[]) =>
    spawnSync('npx', args, { cwd: ROOT, encoding: 'utf8', timeout: 80_000, env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' } });

  it('runs our bridge', () => {
    const run = npx(['@webmcp-kit/bridge', '--help']);
    expect(run.stderr).toContain('Usage: npx @webmcp-kit/bridge [options]');
    expect(run.status).toBe(0);
  });

  it('runs our sandbox proxy', () => {
    const run = npx(['@webmcp-kit/app-host', '--help']);
    expect(run.stdout).toContain(PROXY_CLI_USAGE);
    expect(run.status).toBe(0);
  });
});
