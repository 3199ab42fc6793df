/**
 * zipMembers against zip bombs: a member its reader cancels is never inflated on, and one that inflates past
 * 64 MB at more than MAX_RATIO times its compressed size is stopped; big members that are no bomb go through.
 */
import { describe, expect, it } from 'vitest';
import { peek } from '../../lib/streams';
import { MAX_RATIO, ZipBombError, zipMembers } from '../zip/zip-members';
import { seededBytes } from '../../../test-support/hostile-inputs';
import { bombZip, storedZip } from '../../../test-support/hostile-zips';

const MB = 1 << 20;

/** Reads every member to its end; returns the bytes of each, or the error a member ended with. */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<(number | Error)[]> {
  const out: (number | Error)[] = [];
  for await (const member of zipMembers(stream)) {
    let bytes = 0;
    try {
      for await (const chunk of member.stream) bytes += chunk.length;
      out.push(bytes);
    } catch (error) {
      out.push(error instanceof Error ? error : new Error(String(error)));
      break;
    }
  }
  return out;
}

describe('zip bombs', () => {
  it('skips a cancelled member of 4 GiB without inflating it', async () => {
    const zip = bombZip('zeros.bin', '', '\0', 2 ** 32);
    const started = performance.now();
    for await (const member of zipMembers(zip.stream())) {
      const { head, stream } = await peek(member.stream, 4096);
      expect(head.every((b) => b === 0)).toBe(true);
      await stream.cancel();
    }
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it(`stops a member that inflates at over ${String(MAX_RATIO)}:1 once past 64 MB`, async () => {
    const [outcome] = await readAll(bombZip('x.xml', '<r>', '<x/>', 2 ** 32).stream());
    expect(outcome).toBeInstanceOf(ZipBombError);
  });

  it('reads big members that are no bomb: 96 MB stored, 96 MB deflated about 140:1', async () => {
    expect(await readAll(storedZip('stored.bin', 96 * MB).stream())).toEqual([96 * MB]);
    // Random bytes repeating every 10 KB: each repeat deflates to back-references, about 140:1.
    const noisy = Array.from(seededBytes(10_000, 3), (b) => String.fromCharCode(0x21 + (b % 90))).join('');
    const zip = bombZip('noisy.txt', '', noisy, 96 * MB);
    expect((96 * MB) / zip.size).toBeLessThan(MAX_RATIO);
    expect(await readAll(zip.stream())).toEqual([96 * MB]);
  }, 30_000);
});
