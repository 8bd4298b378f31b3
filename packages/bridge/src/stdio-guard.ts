/**
 * @module
 * The stdio boundary gets the bounds `/mcp` has: each newline-delimited message is checked for size
 * and depth before the MCP transport parses it, and one over a bound is answered with a JSON-RPC
 * error instead of reaching the server. Lines are checked as bytes and passed on as slices of the
 * chunks that carried them: no decoding or copying on the way to the transport.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { MAX_JSON_DEPTH, tooDeep, utf8Depth } from './json-limits';

const NEWLINE = 10;

/** A stream that passes bounded lines on and answers the others on `reply`. */
export function createStdioGuard(maxBytes: number, reply: (line: string) => void): Transform {
  // The start of a line whose end has not arrived yet.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  // Dropping the rest of a line already refused for its size.
  let skipping = false;
  const refuse = (message: string) => reply(`${JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: `Invalid Request: ${message}` } })}\n`);
  const tooBig = () => refuse(`The message exceeds ${maxBytes} bytes`);
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      let start = 0;
      for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
        const from = start;
        start = nl + 1;
        if (skipping) {
          skipping = false;
          continue;
        }
        // With its newline: a slice of this chunk, or (split across chunks) the pieces joined.
        const line = pendingBytes ? Buffer.concat([...pending, chunk.subarray(from, start)]) : chunk.subarray(from, start);
        pending = [];
        pendingBytes = 0;
        if (line.length - 1 > maxBytes) tooBig();
        else if (utf8Depth(line) > MAX_JSON_DEPTH) refuse(tooDeep('The message'));
        else this.push(line);
      }
      if (start < chunk.length && !skipping) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > maxBytes) {
          tooBig();
          pending = [];
          pendingBytes = 0;
          skipping = true;
        }
      }
      done();
    },
  });
}
