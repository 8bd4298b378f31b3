/**
 * @module
 * The stdio boundary gets the bounds `/mcp` has: each newline-delimited message is checked for size
 * and depth before the MCP transport parses it, and one over a bound is answered with a JSON-RPC
 * error instead of reaching the server. Lines are checked as bytes and passed on as slices of the
 * chunks that carried them: no decoding or copying on the way to the transport, and no stream in
 * between (a `Transform` piped from stdin cost each message its write, push and callback ticks).
 */
import { EventEmitter } from 'node:events';
import { MAX_JSON_DEPTH, tooDeep, utf8Depth } from './json-limits';

const NEWLINE = 10;

/**
 * What the SDK's `StdioServerTransport` reads from (`data` and `error` events, `pause`): bounded
 * lines, each emitted as `data` as soon as its chunk arrives through {@link StdioGuard.write}.
 */
export class StdioGuard extends EventEmitter {
  // The start of a line whose end has not arrived yet.
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  // Dropping the rest of a line already refused for its size.
  #skipping = false;
  #input?: NodeJS.ReadableStream;
  readonly #maxBytes: number;
  readonly #reply: (line: string) => void;

  constructor(maxBytes: number, reply: (line: string) => void) {
    super();
    this.#maxBytes = maxBytes;
    this.#reply = reply;
  }

  /** Reads `input`: its chunks go through {@link write}, its end to `end`, `pause` pauses it. */
  readFrom(input: NodeJS.ReadableStream): void {
    this.#input = input;
    input.on('data', (chunk: Buffer | string) => this.write(chunk));
    input.on('end', () => this.end());
    input.on('error', (e: Error) => this.emit('error', e));
  }

  /** Takes a chunk of the input; each complete line in it is passed on (`data`) or refused. */
  write(data: Buffer | string): boolean {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    const maxBytes = this.#maxBytes;
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      const from = start;
      start = nl + 1;
      if (this.#skipping) {
        this.#skipping = false;
        continue;
      }
      // With its newline: a slice of this chunk, or (split across chunks) the pieces joined.
      const line = this.#pendingBytes ? Buffer.concat([...this.#pending, chunk.subarray(from, start)]) : chunk.subarray(from, start);
      if (this.#pendingBytes) {
        this.#pending = [];
        this.#pendingBytes = 0;
      }
      if (line.length - 1 > maxBytes) this.#tooBig();
      else if (utf8Depth(line) > MAX_JSON_DEPTH) this.#refuse(tooDeep('The message'));
      else this.emit('data', line);
    }
    if (start < chunk.length && !this.#skipping) {
      this.#pending.push(chunk.subarray(start));
      this.#pendingBytes += chunk.length - start;
      if (this.#pendingBytes > maxBytes) {
        this.#tooBig();
        this.#pending = [];
        this.#pendingBytes = 0;
        this.#skipping = true;
      }
    }
    return true;
  }

  /** The input ended (`end`). */
  end(): void {
    this.emit('end');
  }

  /** Pauses the input (the transport does when it closes). */
  pause(): this {
    this.#input?.pause();
    return this;
  }

  #refuse(message: string): void {
    this.#reply(`${JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: `Invalid Request: ${message}` } })}\n`);
  }

  #tooBig(): void {
    this.#refuse(`The message exceeds ${this.#maxBytes} bytes`);
  }
}

/** A guard that passes bounded lines on (`data`) and answers the others on `reply`. */
export function createStdioGuard(maxBytes: number, reply: (line: string) => void): StdioGuard {
  return new StdioGuard(maxBytes, reply);
}
