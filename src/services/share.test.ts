import { afterEach, describe, expect, it, vi } from 'vitest';
import { SHARE_LIMITS, shareRefusal } from './share';

const file = (name: string, size = 10): File => new File([new Uint8Array(size)], name);

describe('shareRefusal', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('accepts what Chromium shares', () => {
    vi.stubGlobal('navigator', { share: () => Promise.resolve(), canShare: () => true });
    expect(shareRefusal([file('a.txt'), file('b.csv'), file('c.html'), file('d.png')])).toBeUndefined();
  });

  it('refuses .json and .zip, more than 10 files, and more than 50 MiB, with a sentence', () => {
    vi.stubGlobal('navigator', { share: () => Promise.resolve(), canShare: () => true });
    expect(shareRefusal([file('a.json')])).toBe('Browsers do not share .json files. Use Save instead.');
    expect(shareRefusal([file('a.zip')])).toBe('Browsers do not share .zip files. Use Save instead.');
    const eleven = Array.from({ length: SHARE_LIMITS.files + 1 }, (_, i) => file(`${String(i)}.png`));
    expect(shareRefusal(eleven)).toMatch(/limited to 10 files/);
    expect(shareRefusal(eleven.slice(1))).toBeUndefined();
    const big = { name: 'big.png', size: SHARE_LIMITS.bytes + 1 } as File;
    expect(shareRefusal([big])).toMatch(/larger than the 50 MB/);
    expect(shareRefusal([{ name: 'ok.png', size: SHARE_LIMITS.bytes } as File])).toBeUndefined();
  });

  it('says so where the browser cannot share at all, or not this file', () => {
    vi.stubGlobal('navigator', {});
    expect(shareRefusal([file('a.txt')])).toBe('This browser cannot share files. Use Save instead.');
    vi.stubGlobal('navigator', { share: () => Promise.resolve(), canShare: () => false });
    expect(shareRefusal([file('a.txt')])).toBe('This device cannot share this file. Use Save instead.');
  });
});
