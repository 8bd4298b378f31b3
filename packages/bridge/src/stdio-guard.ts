/**
 * @module
 * The stdio boundary gets the bounds `/mcp` has: each newline-delimited message is checked for size
 * and depth before the MCP transport parses it, and one over a bound is answered with a JSON-RPC
 * error instead of reaching the server.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { textProblem } from './json-limits';

/** A stream that passes bounded lines on and answers the others on `reply`. */
export function createStdioGuard(maxBytes: number, reply: (line: string) => void): Transform {
  let pending = '';
  let skipping = false;
  const refuse = (message: string) => reply(`${JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: `Invalid Request: ${message}` } })}\n`);
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (skipping) {
          skipping = false;
          continue;
        }
        const problem = Buffer.byteLength(line) > maxBytes ? `The message exceeds ${maxBytes} bytes` : textProblem(line, 'The message');
        if (problem) refuse(problem);
        else this.push(`${line}\n`);
      }
      if (!skipping && Buffer.byteLength(pending) > maxBytes) {
        refuse(`The message exceeds ${maxBytes} bytes`);
        pending = '';
        skipping = true;
      } else if (skipping) pending = '';
      done();
    },
  });
}
