/**
 * @module
 * Exposed tool names. Each page origin has its own namespace, so no origin can rename or shadow
 * another origin's tools: the primary origin's tools keep their bare names (`checkout`), every other
 * origin's tools carry its label (`checkout__shop.example`, `checkout__http_localhost_5173`). Inside
 * one origin, the first tab to offer a name keeps it and later tabs get `<name>_<hex>`, the hex
 * being the start of SHA-256(tab id), so a tab gets the same name each time it offers the tool. A
 * name stays with its tab while the tab is connected and for a grace period after (reloads).
 */
import { createHash } from 'node:crypto';

/** MCP's tool name rule, also WebMCP's. */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;

const MAX_NAME = 128;
const MAX_LABEL = 48;
/** Separates a tool name from its origin label; labels never contain it. */
const SEPARATOR = '__';

const hex = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The label of an origin in exposed names: `https://shop.example` → `shop.example`,
 * `http://localhost:5173` → `http_localhost_5173` (scheme kept unless https, port kept when given).
 */
export function originLabel(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `o${hex(origin).slice(0, 12)}`;
  }
  const scheme = url.protocol.slice(0, -1).replace(/[^A-Za-z0-9.-]/g, '-');
  const host = url.hostname.replace(/[^A-Za-z0-9.-]/g, '-');
  const label = `${scheme === 'https' ? '' : `${scheme}_`}${host}${url.port ? `_${url.port}` : ''}`;
  return label.length <= MAX_LABEL ? label : `${label.slice(0, MAX_LABEL - 9)}-${hex(origin).slice(0, 8)}`;
}

/** Assigns deterministic, unique exposed names to (origin, tab id, tool name) triples. */
export class ToolNamer {
  #byKey = new Map<string, string>();
  #owner = new Map<string, { tab: string; tool: string }>();
  #primary: string | undefined;

  constructor(primaryOrigin?: string) {
    this.#primary = primaryOrigin?.toLowerCase();
  }

  /** The origin whose tools keep bare names (undefined until pinned). */
  get primary(): string | undefined {
    return this.#primary;
  }

  /** Pins the primary origin if none is set yet; returns true when this call pinned it. */
  pinPrimary(origin: string): boolean {
    if (this.#primary !== undefined) return false;
    this.#primary = origin.toLowerCase();
    return true;
  }

  /** The exposed name for `tool` of tab `tab` on `origin`, assigning one on first sight. */
  assign(origin: string, tab: string, tool: string): string {
    const key = `${tab}\n${tool}`;
    const known = this.#byKey.get(key);
    if (known) return known;
    const bare = origin.toLowerCase() === this.#primary && !tool.includes(SEPARATOR);
    const label = bare ? '' : originLabel(origin);
    let name = compose(tool, label);
    if (this.#owner.has(name)) {
      const hash = hex(tab);
      for (const len of [4, 8, 16, 64]) {
        name = compose(`${tool}_${hash.slice(0, len)}`, label, len + 1);
        if (!this.#owner.has(name)) break;
      }
    }
    this.#byKey.set(key, name);
    this.#owner.set(name, { tab, tool });
    return name;
  }

  /** The tab holding `name`, connected or within its grace period. */
  ownerOf(name: string): { tab: string; tool: string } | undefined {
    return this.#owner.get(name);
  }

  /** Frees every name held by `tab`. */
  release(tab: string): void {
    const prefix = `${tab}\n`;
    for (const [key, name] of this.#byKey) {
      if (!key.startsWith(prefix)) continue;
      this.#byKey.delete(key);
      this.#owner.delete(name);
    }
  }
}

/** `tool` or `tool__label`, shortened to 128 characters keeping the last `keep` characters of `tool`. */
function compose(tool: string, label: string, keep = 0): string {
  const tail = label ? `${SEPARATOR}${label}` : '';
  if (tool.length + tail.length <= MAX_NAME) return tool + tail;
  const room = MAX_NAME - tail.length;
  if (keep) return `${tool.slice(0, room - keep)}${tool.slice(-keep)}${tail}`;
  // Too long with its label: keep a prefix and a hash of the whole name, so distinct tools stay distinct.
  return `${tool.slice(0, room - 9)}_${hex(tool).slice(0, 8)}${tail}`;
}
