/**
 * What the official example apps fetch from CDNs, served from npm packages through Playwright
 * routing (the test machine has no internet): CesiumJS from `cesium`, pdf.js fonts from
 * `pdfjs-dist`; map tiles are a generated one-colour PNG. Plus a small PDF for server-pdf.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Route } from 'playwright';

const modules = fileURLToPath(new URL('../../../../node_modules/', import.meta.url));
/** A 1×1 light-blue PNG (Cesium stretches it to every tile). */
const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mOM2PjnPwAFkgKpjG0fCQAAAABJRU5ErkJggg==',
  'base64',
);

const TYPES: Record<string, string> = {
  js: 'text/javascript',
  mjs: 'text/javascript',
  css: 'text/css',
  json: 'application/json',
  png: 'image/png',
  jpg: 'image/jpeg',
  svg: 'image/svg+xml',
  wasm: 'application/wasm',
  pfb: 'application/octet-stream',
  ttf: 'font/ttf',
  bcmap: 'application/octet-stream',
};

/** Every request to a CDN, by host, for the test's report. */
export const cdnRequests: string[] = [];

function fromPackage(root: string) {
  return (route: Route, path: string) => {
    const file = join(modules, root, decodeURIComponent(path));
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      return route.fulfill({ status: 404, body: `not in the npm package: ${file}` });
    }
    const type = TYPES[file.split('.').pop()!] ?? 'application/octet-stream';
    return route.fulfill({ status: 200, body, headers: { 'content-type': type, 'access-control-allow-origin': '*' } });
  };
}

/** Routes the example apps' CDN hosts in `context` to npm packages; anything else on them is a 404. */
export async function routeExampleCdns(context: BrowserContext): Promise<void> {
  const cesium = fromPackage('cesium/Build/Cesium');
  const pdfjs = fromPackage('pdfjs-dist');
  await context.route(/^https:\/\/([a-z0-9-]+\.)*(cesium\.com|openstreetmap\.org|unpkg\.com|paulrosen\.github\.io)\//, (route) => {
    const url = new URL(route.request().url());
    cdnRequests.push(url.href);
    const cesiumPath = /^\/downloads\/cesiumjs\/releases\/[\d.]+\/Build\/Cesium\/(.*)$/.exec(url.pathname);
    if (url.hostname === 'cesium.com' && cesiumPath) return cesium(route, cesiumPath[1]!);
    if (url.hostname === 'tile.openstreetmap.org') {
      return route.fulfill({ status: 200, body: TILE, headers: { 'content-type': 'image/png', 'access-control-allow-origin': '*' } });
    }
    const pdfPath = /^\/pdfjs-dist@[\d.]+\/(.*)$/.exec(url.pathname);
    if (url.hostname === 'unpkg.com' && pdfPath) return pdfjs(route, pdfPath[1]!);
    return route.fulfill({ status: 404, body: 'not available offline' });
  });
}

/** Writes a one-page PDF showing `text` into `dir` and returns its path. */
export function writeSamplePdf(dir: string, text: string): string {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = `BT /F1 24 Tf 40 100 Td (${text}) Tj ET`;
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  const path = join(dir, 'sample.pdf');
  writeFileSync(path, pdf, 'latin1');
  return path;
}
