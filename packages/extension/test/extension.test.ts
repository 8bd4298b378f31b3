/**
 * The built extension: least privilege in its manifest, no remote or evaluated code, and a gzip
 * budget per script (measured + ~10%).
 */
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

function read(file: string): string {
  if (!existsSync(`${DIST}${file}`)) throw new Error(`${DIST}${file} is missing: build with \`npm run build -w @webmcp-kit/extension\``);
  return readFileSync(`${DIST}${file}`, 'utf8');
}

/** Budgets in gzip -9 bytes. */
const BUDGETS: Record<string, number> = {
  'background.js': 2200,
  'page-main.js': 1850,
  'page-relay.js': 530,
  'popup.js': 1200,
  'options.js': 850,
};

describe('extension manifest', () => {
  it('asks for no site access up front: sites are granted one by one from the popup', () => {
    const manifest = JSON.parse(read('manifest.json')) as Record<string, unknown>;
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.permissions).toEqual(['storage', 'scripting', 'activeTab']);
    expect(manifest.host_permissions).toBeUndefined();
    expect(manifest.content_scripts).toBeUndefined();
    expect(manifest.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
    expect(manifest.web_accessible_resources).toBeUndefined();
    expect(manifest.externally_connectable).toBeUndefined();
    expect((manifest.content_security_policy as { extension_pages: string }).extension_pages).toBe("script-src 'self'; object-src 'none'; base-uri 'none'");
  });

  it('every page script it references is built', () => {
    for (const html of ['popup.html', 'options.html']) {
      for (const [, src] of read(html).matchAll(/<script src="([^"]+)"/g)) expect(existsSync(`${DIST}${src}`), `${html} → ${src}`).toBe(true);
    }
  });
});

describe('extension script sizes', () => {
  for (const [file, budget] of Object.entries(BUDGETS)) {
    it(`${file} is at most ${budget} B gzip -9, with no eval and no remote code`, () => {
      const code = read(file);
      const gz = gzipSync(code, { level: 9 }).length;
      expect(gz, `${file} is ${gz} B gzip, over its ${budget} B budget`).toBeLessThanOrEqual(budget);
      expect(code).not.toMatch(/\beval\(|new Function\(|import\(|importScripts\(/);
      expect(code).not.toMatch(/https?:\/\/(?!127\.0\.0\.1:8765)[a-z]/i);
    });
  }
});
