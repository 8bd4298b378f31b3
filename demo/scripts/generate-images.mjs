// Writes one small SVG illustration per catalog product to public/images/ (run once; the files are
// committed so the demo needs no network and no image tooling).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const catalog = JSON.parse(readFileSync(`${root}src/catalog.json`, 'utf8'));

const W = '#fff';
// One simple drawing per product (c = the product's colour); the category decides the fallback.
const shapes = {
  mug: (c) => `<path d="M120 150h130v120a40 40 0 0 1-40 40h-50a40 40 0 0 1-40-40z" fill="${c}"/>
  <path d="M250 175h18a32 32 0 0 1 0 64h-18" fill="none" stroke="${c}" stroke-width="18"/>
  <path d="M150 130c-12-18 12-26 0-44M185 130c-12-18 12-26 0-44M220 130c-12-18 12-26 0-44" fill="none" stroke="${c}" stroke-width="8" stroke-linecap="round" opacity=".5"/>`,
  kettle: (c) => `<path d="M120 300l20-120h120l20 120z" fill="${c}"/>
  <path d="M140 180c0-40 120-40 120 0" fill="none" stroke="${c}" stroke-width="16"/>
  <path d="M128 210c-40-10-60-50-80-90" fill="none" stroke="${c}" stroke-width="12" stroke-linecap="round"/>
  <circle cx="200" cy="150" r="10" fill="${c}"/>`,
  board: (c) => `<rect x="90" y="130" width="220" height="160" rx="26" fill="${c}"/>
  <circle cx="280" cy="160" r="12" fill="${W}" opacity=".9"/>
  <path d="M120 210h150M120 240h150M120 265h110" stroke="${W}" stroke-width="5" opacity=".25" stroke-linecap="round"/>`,
  teapot: (c) => `<ellipse cx="200" cy="230" rx="85" ry="70" fill="${c}"/>
  <rect x="175" y="135" width="50" height="20" rx="8" fill="${c}"/><circle cx="200" cy="128" r="12" fill="${c}"/>
  <path d="M118 215c-35-20-50-45-60-70" stroke="${c}" stroke-width="16" fill="none" stroke-linecap="round"/>
  <path d="M282 200a36 36 0 0 1 0 60" stroke="${c}" stroke-width="14" fill="none"/>`,
  apron: (c) => `<path d="M160 90h80v40l60 30-10 150H110L100 160l60-30z" fill="${c}"/>
  <path d="M160 90a40 40 0 0 1 80 0" fill="none" stroke="${c}" stroke-width="8"/>
  <rect x="160" y="220" width="80" height="50" rx="8" fill="${W}" opacity=".3"/>`,
  beanie: (c) => `<path d="M100 260a100 100 0 0 1 200 0z" fill="${c}"/>
  <rect x="92" y="250" width="216" height="50" rx="14" fill="${c}"/><circle cx="200" cy="150" r="24" fill="${c}"/>
  <path d="M120 262v30M150 262v30M180 262v30M210 262v30M240 262v30M270 262v30" stroke="${W}" stroke-width="6" opacity=".3"/>`,
  tee: (c) => `<path d="M160 100l-70 36 24 54 30-14v130h112V176l30 14 24-54-70-36c-8 22-26 34-40 34s-32-12-40-34z" fill="${c}"/>`,
  jacket: (c) => `<path d="M150 95l-60 40 10 170h200l10-170-60-40-50 20z" fill="${c}"/>
  <path d="M200 115v190" stroke="${W}" stroke-width="6" opacity=".6"/>
  <path d="M150 95c10-30 90-30 100 0" fill="${c}" stroke="${W}" stroke-width="4" opacity=".9"/>
  <rect x="125" y="220" width="45" height="8" rx="4" fill="${W}" opacity=".5"/><rect x="230" y="220" width="45" height="8" rx="4" fill="${W}" opacity=".5"/>`,
  socks: (c) => `<path d="M130 90h60v150l40 30a30 30 0 0 1-30 45h-40a30 30 0 0 1-30-30z" fill="${c}"/>
  <path d="M210 110h60v150l40 30a30 30 0 0 1-30 45h-40a30 30 0 0 1-30-30z" fill="${c}" opacity=".75"/>
  <path d="M130 110h60M210 130h60" stroke="${W}" stroke-width="8" opacity=".4"/>`,
  cap: (c) => `<path d="M110 240a90 90 0 0 1 180 0z" fill="${c}"/>
  <path d="M270 240h70a10 10 0 0 1 0 20H110a10 10 0 0 1 0-20z" fill="${c}"/>
  <circle cx="200" cy="150" r="10" fill="${W}" opacity=".6"/><path d="M200 150v90" stroke="${W}" stroke-width="4" opacity=".35"/>`,
  notebook: (c) => `<rect x="115" y="90" width="170" height="220" rx="12" fill="${c}"/>
  <rect x="135" y="90" width="10" height="220" fill="${W}" opacity=".35"/>
  <rect x="170" y="130" width="90" height="16" rx="8" fill="${W}" opacity=".8"/>
  <path d="M255 90v70l-15-12-15 12V90" fill="${W}" opacity=".6"/>`,
  pen: (c) => `<path d="M120 300l150-190 26 20-150 190-40 10z" fill="${c}"/>
  <path d="M270 110l12-16a16 16 0 0 1 26 20l-12 16z" fill="${c}" opacity=".7"/>
  <path d="M146 310l-26 0 6-20" fill="#1f2937"/>`,
  planner: (c) => `<rect x="100" y="110" width="200" height="190" rx="14" fill="${c}"/>
  <rect x="100" y="110" width="200" height="44" rx="14" fill="${c}"/><rect x="100" y="140" width="200" height="14" fill="${c}"/>
  <g fill="${W}" opacity=".8">${[0, 1, 2, 3].map((r) => [0, 1, 2, 3, 4].map((k) => `<rect x="${118 + k * 35}" y="${172 + r * 30}" width="22" height="18" rx="4"/>`).join('')).join('')}</g>
  <path d="M140 95v30M260 95v30" stroke="#1f2937" stroke-width="10" stroke-linecap="round"/>`,
  tape: (c) => `<circle cx="160" cy="220" r="70" fill="${c}"/><circle cx="160" cy="220" r="30" fill="${W}"/>
  <circle cx="260" cy="200" r="55" fill="${c}" opacity=".6"/><circle cx="260" cy="200" r="22" fill="${W}"/>
  <path d="M160 290h120l-10 12 10 12H160z" fill="${c}"/>`,
  fountainPen: (c) => `<path d="M130 300l110-140 40 32-110 140z" fill="${c}"/>
  <path d="M240 160l30-40 40 32-30 40z" fill="${c}" opacity=".8"/>
  <path d="M130 300l-20 30 34-10z" fill="#d4a017"/>`,
  cushion: (c) => `<path d="M100 120q100-30 200 0q-20 90 0 180q-100 30-200 0q20-90 0-180z" fill="${c}"/>
  <circle cx="200" cy="210" r="8" fill="${W}" opacity=".6"/>
  <path d="M130 150q70 60 140 0M130 270q70-60 140 0" fill="none" stroke="${W}" stroke-width="4" opacity=".3"/>`,
  candle: (c) => `<rect x="130" y="170" width="140" height="140" rx="18" fill="${c}"/>
  <rect x="130" y="210" width="140" height="50" fill="${W}" opacity=".35"/>
  <path d="M200 170v-25" stroke="#1f2937" stroke-width="4"/>
  <path d="M200 145c-18-20-6-45 0-60 6 15 18 40 0 60z" fill="#f59e0b"/>`,
  vase: (c) => `<path d="M170 95h60v30c30 20 55 55 55 100 0 50-35 85-85 85s-85-35-85-85c0-45 25-80 55-100z" fill="${c}"/>
  <path d="M200 95V60M200 70c18-22 40-22 52-14M200 80c-16-20-34-20-46-12" fill="none" stroke="#15803d" stroke-width="6" stroke-linecap="round"/>
  <path d="M140 220c30 12 90 12 120 0" stroke="${W}" stroke-width="8" fill="none" opacity=".4" stroke-linecap="round"/>`,
  throw: (c) => `<path d="M100 110h200v170c-30 20-60-10-100 10s-70-10-100 10z" fill="${c}"/>
  <path d="M100 150h200M100 190h200M100 230h200" stroke="${W}" stroke-width="6" opacity=".25"/>
  <path d="M110 290v20M130 288v20M150 294v20M250 292v20M270 288v20M290 284v20" stroke="${c}" stroke-width="4"/>`,
  lamp: (c) => `<path d="M150 310h100" stroke="${c}" stroke-width="18" stroke-linecap="round"/>
  <path d="M200 305l-40-90 70-70" fill="none" stroke="${c}" stroke-width="12" stroke-linecap="round" stroke-linejoin="round"/>
  <path d="M205 120l70-20 20 70z" fill="${c}"/><circle cx="268" cy="160" r="14" fill="#facc15"/>`,
  headphones: (c) => `<path d="M110 230v-30a90 90 0 0 1 180 0v30" fill="none" stroke="${c}" stroke-width="20" stroke-linecap="round"/>
  <rect x="92" y="215" width="52" height="90" rx="20" fill="${c}"/>
  <rect x="256" y="215" width="52" height="90" rx="20" fill="${c}"/>`,
  speaker: (c) => `<rect x="125" y="85" width="150" height="225" rx="16" fill="${c}"/>
  <circle cx="200" cy="240" r="48" fill="${W}" opacity=".3"/><circle cx="200" cy="240" r="18" fill="${W}" opacity=".5"/>
  <circle cx="200" cy="140" r="24" fill="${W}" opacity=".3"/>`,
  earbuds: (c) => `<rect x="120" y="200" width="160" height="100" rx="40" fill="${c}"/>
  <path d="M120 235h160" stroke="${W}" stroke-width="4" opacity=".4"/>
  <path d="M165 110a28 28 0 1 1 0 56v40" fill="none" stroke="${c}" stroke-width="18" stroke-linecap="round"/>
  <path d="M235 110a28 28 0 1 0 0 56v40" fill="none" stroke="${c}" stroke-width="18" stroke-linecap="round" opacity=".75"/>`,
  record: (c) => `<circle cx="200" cy="205" r="105" fill="#1f2937"/>
  <circle cx="200" cy="205" r="80" fill="none" stroke="${W}" stroke-width="2" opacity=".15"/>
  <circle cx="200" cy="205" r="60" fill="none" stroke="${W}" stroke-width="2" opacity=".15"/>
  <circle cx="200" cy="205" r="34" fill="${c}"/><circle cx="200" cy="205" r="5" fill="${W}"/>`,
  radio: (c) => `<rect x="95" y="150" width="210" height="150" rx="20" fill="${c}"/>
  <path d="M140 150l90-60" stroke="${c}" stroke-width="8" stroke-linecap="round"/>
  <circle cx="160" cy="225" r="42" fill="${W}" opacity=".3"/>
  <rect x="225" y="190" width="55" height="22" rx="6" fill="${W}" opacity=".8"/><circle cx="252" cy="250" r="14" fill="${W}" opacity=".6"/>`,
  bottle: (c) => `<rect x="175" y="80" width="50" height="30" rx="8" fill="#1f2937"/>
  <path d="M165 110h70v20c20 10 25 25 25 45v115a20 20 0 0 1-20 20h-80a20 20 0 0 1-20-20V175c0-20 5-35 25-45z" fill="${c}"/>
  <rect x="140" y="190" width="120" height="50" fill="${W}" opacity=".3"/>`,
  backpack: (c) => `<path d="M130 140a70 70 0 0 1 140 0v150a20 20 0 0 1-20 20H150a20 20 0 0 1-20-20z" fill="${c}"/>
  <path d="M175 100a25 25 0 0 1 50 0" fill="none" stroke="${c}" stroke-width="10"/>
  <rect x="155" y="210" width="90" height="70" rx="14" fill="${W}" opacity=".3"/><path d="M170 230h60" stroke="${W}" stroke-width="5" opacity=".6"/>`,
  headlamp: (c) => `<ellipse cx="200" cy="210" rx="115" ry="55" fill="none" stroke="${c}" stroke-width="16"/>
  <rect x="160" y="160" width="80" height="70" rx="16" fill="${c}"/><circle cx="200" cy="195" r="20" fill="#facc15"/>
  <path d="M200 140v-30M160 150l-20-20M240 150l20-20" stroke="#facc15" stroke-width="7" stroke-linecap="round"/>`,
  blanket: (c) => `<rect x="90" y="120" width="220" height="170" rx="12" fill="${c}"/>
  <path d="M90 175h220M90 235h220M163 120v170M237 120v170" stroke="${W}" stroke-width="10" opacity=".35"/>`,
  mountain: (c) => `<circle cx="280" cy="120" r="30" fill="#facc15"/>
  <path d="M70 300l95-150 55 80 30-40 80 110z" fill="${c}"/>
  <path d="M165 150l-25 40 25-10 22 12z" fill="${W}" opacity=".8"/>`,
};

const bySku = {
  'stoneware-mug': 'mug', 'pour-over-kettle': 'kettle', 'oak-cutting-board': 'board', 'enamel-teapot': 'teapot',
  'linen-apron': 'apron', 'merino-beanie': 'beanie', 'organic-tee': 'tee', 'rain-jacket': 'jacket', 'wool-socks': 'socks',
  'canvas-cap': 'cap', 'dot-grid-notebook': 'notebook', 'brass-pen': 'pen', 'desk-planner': 'planner',
  'washi-tape-set': 'tape', 'fountain-pen': 'fountainPen', 'linen-cushion': 'cushion', 'soy-candle': 'candle',
  'ceramic-vase': 'vase', 'wool-throw': 'throw', 'desk-lamp': 'lamp', 'wireless-headphones': 'headphones',
  'bookshelf-speaker': 'speaker', earbuds: 'earbuds', 'vinyl-cleaner': 'record', radio: 'radio', 'steel-bottle': 'bottle',
  'trail-backpack': 'backpack', 'camp-mug': 'mug', headlamp: 'headlamp', 'picnic-blanket': 'blanket',
};
const byCategory = { kitchen: 'mug', apparel: 'tee', stationery: 'notebook', home: 'vase', audio: 'headphones', outdoor: 'mountain' };

function tint(hex, amount) {
  const n = Number.parseInt(hex.slice(1), 16);
  const mix = (v) => Math.round(v + (255 - v) * amount);
  return `rgb(${mix(n >> 16)}, ${mix((n >> 8) & 255)}, ${mix(n & 255)})`;
}

mkdirSync(`${root}public/images`, { recursive: true });
for (const p of catalog) {
  const icon = shapes[bySku[p.sku] ?? byCategory[p.category]];
  if (!icon) throw new Error(`${p.sku}: no illustration (add it to bySku, or category "${p.category}" to byCategory)`);
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
