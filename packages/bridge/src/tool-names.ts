/**
 * @module
 * Exposed tool names. The first page to offer a name keeps it bare; a later page offering the same
 * name gets `<name>_<suffix>`, where the suffix is the first hex digits of SHA-256(tab id), so it is
 * the same every time that tab offers that tool. A name stays assigned while its page is connected
 * and for a grace period after (so a reload keeps it); it never moves to another page meanwhile.
 */
import { createHash } from 'node:crypto';

/** MCP's tool name rule, also WebMCP's. */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;

/** Assigns stable, unique exposed names to (tab id, tool name) pairs. */
export class ToolNamer {
  #byKey = new Map<string, string>();
  #owner = new Map<string, string>();

  /** The exposed name for `tool` of tab `tab`, assigning one on first sight. */
  assign(tab: string, tool: string): string {
    const key = `${tab}\n${tool}`;
    const known = this.#byKey.get(key);
    if (known) return known;
    let name = tool;
    if (this.#owner.has(name)) {
      const hash = createHash('sha256').update(tab).digest('hex');
      for (const len of [4, 8, 16, 64]) {
        name = `${tool.slice(0, 127 - len)}_${hash.slice(0, len)}`;
        if (!this.#owner.has(name)) break;
      }
    }
    this.#byKey.set(key, name);
    this.#owner.set(name, key);
    return name;
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
