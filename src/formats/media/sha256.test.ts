import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSha256, prepareSha256 } from './sha256';

const expected = (parts: Uint8Array[]): string => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};

describe('createSha256', () => {
  const a = new Uint8Array(100_000).map((_, i) => (i * 31) & 0xff);
  const b = new Uint8Array(777).fill(9);

  it('matches SHA-256 before the fast hasher is prepared (fallback) and after', async () => {
    expect(createSha256().hex()).toBe(expected([]));
    await prepareSha256();
    const one = createSha256();
    one.update(a);
    one.update(b);
    expect(one.hex()).toBe(expected([a, b]));
  });

  it('keeps interleaved hashes apart', async () => {
    await prepareSha256();
    const x = createSha256();
    const y = createSha256();
    x.update(a);
    y.update(b);
    x.update(b);
    y.update(a);
    expect(x.hex()).toBe(expected([a, b]));
    expect(y.hex()).toBe(expected([b, a]));
  });
});
