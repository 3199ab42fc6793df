import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { streamOf } from '../../../test-support/streams';
import { peek } from '../../lib/streams';
import { zipMembers } from './zip-members';

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('zipMembers', () => {
  it('yields each file with its content, in order, skipping folders', async () => {
    const big = 'x'.repeat(300_000);
    const zip = zipSync({
      'backup+restore/': {},
      'backup+restore/smsBackup/a.msg': strToU8('<ArrayOfMessage/>'),
      'backup+restore/big.txt': [strToU8(big), { level: 9 }],
      'stored.xml': [strToU8('<smses/>'), { level: 0 }],
    });
    const seen: [string, string][] = [];
    for await (const member of zipMembers(streamOf(zip, 333)))
      seen.push([member.name, await text(member.stream)]);
    expect(seen).toEqual([
      ['backup+restore/smsBackup/a.msg', '<ArrayOfMessage/>'],
      ['backup+restore/big.txt', big],
      ['stored.xml', '<smses/>'],
    ]);
  });

  it('goes on past a member whose stream the consumer cancelled', async () => {
    const zip = zipSync({ 'a.bin': new Uint8Array(500_000).fill(7), 'b.txt': strToU8('second') });
    const names: string[] = [];
    for await (const member of zipMembers(streamOf(zip, 100))) {
      names.push(member.name);
      if (member.name === 'a.bin') await member.stream.cancel();
      else expect(await text(member.stream)).toBe('second');
    }
    expect(names).toEqual(['a.bin', 'b.txt']);
  });

  it('throws on a damaged archive', async () => {
    const zip = zipSync({ 'a.txt': [strToU8('y'.repeat(10_000)), { level: 6 }] });
    zip.fill(0xff, 40, 80);
    await expect(async () => {
      for await (const member of zipMembers(streamOf(zip))) await text(member.stream);
    }).rejects.toThrow();
  });
});

describe('peek', () => {
  it('returns the head and a stream that still yields every byte', async () => {
    const bytes = new TextEncoder().encode('hello, world: a longer text than the head');
    const { head, stream } = await peek(streamOf(bytes, 4), 10);
    expect(new TextDecoder().decode(head)).toBe('hello, wor');
    expect(await text(stream)).toBe('hello, world: a longer text than the head');
  });
});
