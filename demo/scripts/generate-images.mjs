// Writes one small SVG illustration per catalog product to public/images/ (run once; the files are
// committed so the demo needs no network and no image tooling).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const catalog = JSON.parse(readFileSync(`${root}src/catalog.json`, 'utf8'));

const icons = {
  kitchen: (c) => `<path d="M120 150h130v120a40 40 0 0 1-40 40h-50a40 40 0 0 1-40-40z" fill="${c}"/>
  <path d="M250 175h18a32 32 0 0 1 0 64h-18" fill="none" stroke="${c}" stroke-width="18"/>
  <path d="M150 130c-12-18 12-26 0-44M185 130c-12-18 12-26 0-44M220 130c-12-18 12-26 0-44" fill="none" stroke="${c}" stroke-width="8" stroke-linecap="round" opacity=".5"/>`,
  apparel: (c) => `<path d="M160 100l-70 36 24 54 30-14v130h112V176l30 14 24-54-70-36c-8 22-26 34-40 34s-32-12-40-34z" fill="${c}"/>`,
  stationery: (c) => `<rect x="115" y="90" width="150" height="210" rx="12" fill="${c}"/>
  <rect x="135" y="90" width="10" height="210" fill="#fff" opacity=".35"/>
  <rect x="160" y="125" width="80" height="14" rx="7" fill="#fff" opacity=".8"/>
  <path d="M290 110l18 10-70 150-20 14 2-24z" fill="#1f2937" opacity=".85"/>`,
  home: (c) => `<path d="M170 95h60v30c30 20 55 55 55 100 0 50-35 85-85 85s-85-35-85-85c0-45 25-80 55-100z" fill="${c}"/>
  <path d="M200 95V60M200 70c18-22 40-22 52-14M200 80c-16-20-34-20-46-12" fill="none" stroke="#15803d" stroke-width="6" stroke-linecap="round"/>
  <path d="M140 220c30 12 90 12 120 0" stroke="#fff" stroke-width="8" fill="none" opacity=".4" stroke-linecap="round"/>`,
  audio: (c) => `<path d="M110 230v-30a90 90 0 0 1 180 0v30" fill="none" stroke="${c}" stroke-width="20" stroke-linecap="round"/>
  <rect x="92" y="215" width="52" height="90" rx="20" fill="${c}"/>
  <rect x="256" y="215" width="52" height="90" rx="20" fill="${c}"/>`,
  outdoor: (c) => `<circle cx="280" cy="120" r="30" fill="#facc15"/>
  <path d="M70 300l95-150 55 80 30-40 80 110z" fill="${c}"/>
  <path d="M165 150l-25 40 25-10 22 12z" fill="#fff" opacity=".8"/>`,
};

function tint(hex, amount) {
  const n = Number.parseInt(hex.slice(1), 16);
  const mix = (v) => Math.round(v + (255 - v) * amount);
  return `rgb(${mix(n >> 16)}, ${mix((n >> 8) & 255)}, ${mix(n & 255)})`;
}

mkdirSync(`${root}public/images`, { recursive: true });
for (const p of catalog) {
  const icon = icons[p.category];
  if (!icon) throw new Error(`${p.sku}: no illustration for category "${p.category}"`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" role="img" aria-label="${p.name}">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${tint(p.color, 0.88)}"/><stop offset="1" stop-color="${tint(p.color, 0.72)}"/></linearGradient></defs>
  <rect width="400" height="400" fill="url(#bg)"/>
  <ellipse cx="200" cy="325" rx="120" ry="14" fill="#000" opacity=".08"/>
  ${icon(p.color)}
</svg>
`;
  writeFileSync(`${root}public/images/${p.sku}.svg`, svg);
}
console.log(`wrote ${catalog.length} images to public/images/`);
