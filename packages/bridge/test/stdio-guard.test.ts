/** The stdio guard: whatever the chunking, bounded lines pass on intact and in order, and each refused one gets one JSON-RPC error. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStdioGuard } from '../src/stdio-guard';

/** Feeds `chunks` through a guard; resolves with what passed on and the replies. */
async function run(chunks: Buffer[], maxBytes: number): Promise<{ out: string; replies: string[] }> {
  const replies: string[] = [];
  const guard = createStdioGuard(maxBytes, (line) => replies.push(line));
  const out: Buffer[] = [];
  guard.on('data', (d: Buffer) => out.push(d));
  const ended = new Promise((resolve) => guard.on('end', resolve));
  for (const c of chunks) guard.write(c);
  guard.end();
  await ended;
  return { out: Buffer.concat(out).toString('utf8'), replies };
}

/** Splits `bytes` at the given fractions. */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const i of at) {
    parts.push(bytes.subarray(from, i));
    from = i;
  }
  parts.push(bytes.subarray(from));
  return parts.filter((p) => p.length);
}

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('stdio guard', () => {
  it('passes good lines (multi-byte text included) and refuses too big and too deep ones, whatever the chunking', async () => {
    // The size bound is checked first: a line over 500 bytes is refused for its size, however deep.
    const judged = (text: string, deepBy?: string) =>
      Buffer.byteLength(text) > 500 ? { text, good: false, why: 'exceeds 500 bytes' } : deepBy ? { text, good: false, why: deepBy } : { text, good: true };
    const line = fc.oneof(
      fc.record({ jsonrpc: fc.constant('2.0'), id: fc.nat(), method: fc.string(), params: fc.object({ maxDepth: 3 }) }).map((m) => judged(JSON.stringify(m))),
      fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => judged(JSON.stringify({ s, q: '"[{\\' }))),
      fc.integer({ min: 65, max: 80 }).map((n) => judged(deep(n), 'nests deeper than 64 levels')),
      fc.integer({ min: 1, max: 3 }).map((n) => judged(JSON.stringify({ pad: 'é'.repeat(300 * n) }))),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 8 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }), async (lines, cuts) => {
        const input = Buffer.from(lines.map((l) => `${l.text}\n`).join(''));
        const { out, replies } = await run(split(input, cuts), 500);
        expect(out).toBe(lines.filter((l) => l.good).map((l) => `${l.text}\n`).join(''));
        const refused = lines.filter((l) => !l.good);
        expect(replies).toHaveLength(refused.length);
        refused.forEach((l, i) => {
          const reply = JSON.parse(replies[i]!);
          expect(reply).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
          expect(reply.error.message).toContain(l.why);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a line as soon as its unfinished start is over the bound, once, and drops the rest of it', async () => {
    const big = Buffer.from('{"x":"' + 'a'.repeat(2000) + '"}\n{"ok":1}\n');
    const { out, replies } = await run(split(big, [0.1, 0.3, 0.6, 0.9]), 500);
    expect(out).toBe('{"ok":1}\n');
    expect(replies).toHaveLength(1);
    expect(JSON.parse(replies[0]!).error.message).toBe('Invalid Request: The message exceeds 500 bytes');
  });
});
