/**
 * Zip builders for the hostile-input suite: bombs written by hand around one repeated deflate block (made
 * lazily, so a member that inflates to gigabytes costs a few MB and no time), big stored members, archives of
 * many members, zips in zips and members named like paths.
 */
import { Deflate, strToU8, zipSync, type Zippable } from 'fflate';
import { BEFORE_DATE, SBR_HEAD, SBR_TAIL, STREAM_CHUNK, concatBytes, smsXml } from './hostile-inputs';

/** Raw deflate of `data`, flushed to a byte boundary and not final: such blocks can be concatenated. */
function deflateBlock(data: Uint8Array): Uint8Array {
  const out: Uint8Array[] = [];
  const deflate = new Deflate({ level: 9 }, (chunk) => out.push(chunk));
  deflate.push(data);
  deflate.flush(true);
  return concatBytes(out);
}

/** An empty final deflate block (fixed Huffman, end of block only). */
const FINAL_BLOCK = new Uint8Array([0x03, 0x00]);

/** The bytes a bomb member inflates to per repeated block. */
export const BOMB_BLOCK_BYTES = 16 * 1024 * 1024;

/**
 * A zip archive of one member `name`: `prefix`, then `fill` repeated until it declares `inflated` bytes,
 * deflated. Written by hand, lazily: a 16 MiB block of the repeated `fill` is deflated once (a few KB), then
 * sent again and again, so a member that inflates to gigabytes costs a few MB of archive and no time to make.
 * The sizes are declared in a zip64 extra field; the CRC is left 0 (a streaming reader cannot check it before
 * the end anyway).
 */
export function bombZip(
  name: string,
  prefix: string,
  fill: string,
  inflated: number,
): { size: number; stream: () => ReadableStream<Uint8Array> } {
  const head = deflateBlock(strToU8(prefix));
  const unit = strToU8(fill.repeat(Math.ceil(BOMB_BLOCK_BYTES / fill.length)).slice(0, BOMB_BLOCK_BYTES));
  const block = deflateBlock(unit);
  const blocks = Math.max(1, Math.floor((inflated - prefix.length) / BOMB_BLOCK_BYTES));
  const compressed = head.length + blocks * block.length + FINAL_BLOCK.length;
  const total = prefix.length + blocks * BOMB_BLOCK_BYTES;
  const nameBytes = strToU8(name);
  const local = localHeader(nameBytes, compressed, total);
  const central = centralDirectory(nameBytes, compressed, total);
  const size = local.length + compressed + central.length;
  return {
    size,
    stream: () => {
      let sent = 0;
      const queue: Uint8Array[] = [local, head];
      return new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            const next = queue.shift();
            if (next) controller.enqueue(next);
            else if (sent < blocks) {
              // Several blocks per chunk, so the stream's chunks are of a usual size.
              const batch = Math.min(blocks - sent, Math.max(1, Math.floor(STREAM_CHUNK / block.length)));
              controller.enqueue(concatBytes(Array.from({ length: batch }, () => block)));
              sent += batch;
              if (sent === blocks) queue.push(FINAL_BLOCK, central);
            } else controller.close();
          },
        },
        { highWaterMark: 0 },
      );
    },
  };
}

function localHeader(name: Uint8Array, compressed: number, inflated: number, method = 8): Uint8Array {
  const out = new Uint8Array(30 + name.length + 20);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x04034b50, true);
  view.setUint16(4, 45, true);
  view.setUint16(6, 0x0800, true);
  view.setUint16(8, method, true);
  view.setUint32(18, 0xffffffff, true);
  view.setUint32(22, 0xffffffff, true);
  view.setUint16(26, name.length, true);
  view.setUint16(28, 20, true);
  out.set(name, 30);
  const extra = 30 + name.length;
  view.setUint16(extra, 1, true);
  view.setUint16(extra + 2, 16, true);
  view.setBigUint64(extra + 4, BigInt(inflated), true);
  view.setBigUint64(extra + 12, BigInt(compressed), true);
  return out;
}

/** A minimal central directory and end record (the streaming reader stops at its signature). */
function centralDirectory(name: Uint8Array, compressed: number, inflated: number): Uint8Array {
  const out = new Uint8Array(46 + name.length + 22);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x02014b50, true);
  view.setUint16(4, 45, true);
  view.setUint16(6, 45, true);
  view.setUint16(8, 0x0800, true);
  view.setUint16(10, 8, true);
  view.setUint32(20, Math.min(compressed, 0xfffffffe), true);
  view.setUint32(24, Math.min(inflated, 0xfffffffe), true);
  view.setUint16(28, name.length, true);
  out.set(name, 46);
  const end = 46 + name.length;
  view.setUint32(end, 0x06054b50, true);
  view.setUint16(end + 8, 1, true);
  view.setUint16(end + 10, 1, true);
  view.setUint32(end + 12, 46 + name.length, true);
  view.setUint32(end + 16, 0, true);
  return out;
}

/** A zip of one member stored as it is (method 0) of `bytes` zeros, made lazily: big, but no bomb. */
export function storedZip(
  name: string,
  bytes: number,
): { size: number; stream: () => ReadableStream<Uint8Array> } {
  const nameBytes = strToU8(name);
  const local = localHeader(nameBytes, bytes, bytes, 0);
  const zeros = new Uint8Array(STREAM_CHUNK);
  return {
    size: local.length + bytes,
    stream: () => {
      let left = bytes;
      let head: Uint8Array | undefined = local;
      return new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (head) {
              controller.enqueue(head);
              head = undefined;
            } else if (left > 0) {
              const take = Math.min(left, zeros.length);
              controller.enqueue(zeros.slice(0, take));
              left -= take;
            } else controller.close();
          },
        },
        { highWaterMark: 0 },
      );
    },
  };
}

/** A zip of `count` tiny members that are not archives, with one real archive last. */
export function manyMembersZip(count: number, last: string): Uint8Array<ArrayBuffer> {
  const files: Zippable = {};
  const tiny: [Uint8Array, { level: 0 }] = [strToU8('x'), { level: 0 }];
  for (let i = 0; i < count; i++) files[`m/${String(i)}.txt`] = tiny;
  files['sms-last.xml'] = strToU8(last);
  return new Uint8Array(zipSync(files));
}

/** Member names that try to be paths or to hide what they are. */
export const TRAVERSAL_NAMES = [
  '../../evil.xml',
  '/abs.xml',
  'C:\\x.xml',
  '..\\..\\win-evil.xml',
  'ctrl\u0000\u0007\u001b[31m.xml',
  'rtl\u202egpj.xml',
] as const;

/** A zip whose members carry the traversal names, each a small valid archive with its own message. */
export function traversalZip(): Uint8Array<ArrayBuffer> {
  const files: Zippable = {};
  TRAVERSAL_NAMES.forEach((name, i) => {
    files[name] = strToU8(SBR_HEAD + smsXml(`member ${String(i)}`, BEFORE_DATE + i * 1000) + SBR_TAIL);
  });
  return new Uint8Array(zipSync(files));
}

/** A zip holding a zip that holds an archive. */
export function nestedZip(): Uint8Array<ArrayBuffer> {
  const inner = zipSync({ 'sms-inner.xml': strToU8(SBR_HEAD + smsXml('inner', BEFORE_DATE) + SBR_TAIL) });
  return new Uint8Array(zipSync({ 'inner.zip': inner }));
}
