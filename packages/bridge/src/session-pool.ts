/**
 * @module
 * The HTTP sessions of a bridge, bounded without locking anyone out: at the cap, the least recently
 * used session with no request in flight and no open stream is closed to make room (clients that
 * never send `DELETE`, such as one Inspector CLI command per session, would otherwise fill it).
 */
import type { ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Logger } from './log';

/** One MCP session over Streamable HTTP. */
export interface PooledSession {
  server: Server;
  transport: StreamableHTTPServerTransport;
  lastSeen: number;
  /** Requests and streams still open; a session with any is never idle nor evicted. */
  open: number;
  /** JSON-RPC ids of requests in flight (a reused id would leave the first request unanswered). */
  ids: Set<string>;
}

/** Options for {@link SessionPool}. */
export interface SessionPoolOptions {
  log: Logger;
  /** Most sessions at once. */
  maxSessions: number;
  /** Sessions with nothing open for this long are closed. */
  idleMs: number;
}

/** Live sessions by id, with LRU eviction at the cap and idle expiry. */
export class SessionPool {
  readonly #sessions = new Map<string, PooledSession>();
  readonly #options: SessionPoolOptions;
  readonly #sweep: NodeJS.Timeout;
  /** Initializations under way (counted against the cap before they get an id). */
  #pending = 0;
  /** POST responses not yet finished, across sessions (shutdown waits for them). */
  #posts = 0;
  #drained: Array<() => void> = [];

  constructor(options: SessionPoolOptions) {
    this.#options = options;
    this.#sweep = setInterval(() => this.#expire(), Math.max(50, Math.min(options.idleMs / 2, 30_000)));
    this.#sweep.unref();
  }

  /** Number of sessions. */
  get size(): number {
    return this.#sessions.size;
  }

  /** Every live session. */
  values(): IterableIterator<PooledSession> {
    return this.#sessions.values();
  }

  /** The session with this id, if live. */
  get(id: string): PooledSession | undefined {
    return this.#sessions.get(id);
  }

  /**
   * Reserves room for a new session, evicting the least recently used idle one at the cap. Returns
   * a function to call once the session is added or failed, or undefined when every session is busy.
   */
  reserve(): (() => void) | undefined {
    while (this.#sessions.size + this.#pending >= this.#options.maxSessions) {
      let lru: [string, PooledSession] | undefined;
      for (const entry of this.#sessions) if (entry[1].open === 0 && (!lru || entry[1].lastSeen < lru[1].lastSeen)) lru = entry;
      if (!lru) return undefined;
      this.#options.log({ level: 'info', msg: 'session evicted (maxSessions reached; least recently used idle session)', session: lru[0], maxSessions: this.#options.maxSessions });
      this.#drop(lru[0], lru[1]);
    }
    this.#pending++;
    let done = false;
    return () => {
      if (!done) this.#pending--;
      done = true;
    };
  }

  /** Adds an initialized session. */
  add(id: string, session: PooledSession): void {
    this.#sessions.set(id, session);
  }

  /** Forgets a session that closed; true if it was live. */
  delete(id: string): boolean {
    return this.#sessions.delete(id);
  }

  /** Counts `res` as open on `session` until it finishes. */
  track(session: PooledSession | undefined, res: ServerResponse, post: boolean): void {
    if (session) {
      session.lastSeen = Date.now();
      session.open++;
    }
    if (post) this.#posts++;
    res.on('close', () => {
      if (session) {
        session.open--;
        session.lastSeen = Date.now();
      }
      if (post && --this.#posts === 0) for (const resolve of this.#drained.splice(0)) resolve();
    });
  }

  /**
   * Claims the JSON-RPC ids of the requests in `body` for `session` until `res` finishes. Returns an
   * id already in flight in this session instead (the transport would answer only one of the two).
   */
  claimIds(session: PooledSession, body: unknown, res: ServerResponse): string | undefined {
    const ids: string[] = [];
    for (const m of Array.isArray(body) ? body : [body]) {
      if (!m || typeof m !== 'object' || !('method' in m) || !('id' in m)) continue;
      const id = JSON.stringify((m as { id: unknown }).id);
      if (session.ids.has(id) || ids.includes(id)) return id;
      ids.push(id);
    }
    for (const id of ids) session.ids.add(id);
    res.on('close', () => {
      for (const id of ids) session.ids.delete(id);
    });
    return undefined;
  }

  /** Resolves when no POST response is open any more, or after `ms`. */
  drain(ms: number): Promise<void> {
    if (this.#posts === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#drained.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Closes one session (e.g. after its handler failed). */
  close(id: string): void {
    const session = this.#sessions.get(id);
    if (session) this.#drop(id, session);
  }

  /** Closes every session. */
  async closeAll(): Promise<void> {
    clearInterval(this.#sweep);
    const all = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(all.map((s) => s.transport.close().catch(() => {})));
  }

  #drop(id: string, session: PooledSession): void {
    this.#sessions.delete(id);
    void session.transport.close().catch(() => {});
  }

  #expire(): void {
    const now = Date.now();
    for (const [id, s] of this.#sessions) {
      if (s.open > 0 || now - s.lastSeen < this.#options.idleMs) continue;
      this.#options.log({ level: 'info', msg: 'session expired (idle)', session: id });
      this.#drop(id, s);
    }
  }
}
