/** Base64 encoding of media bytes, for the pictures a web page export embeds. */

interface WithToBase64 {
  toBase64?: () => string;
}

/** Standard base64 of `bytes` (the platform's `Uint8Array#toBase64` where it exists, else btoa in slices). */
export function encodeBase64(bytes: Uint8Array): string {
  const native = (bytes as WithToBase64).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  const pieces: string[] = [];
  // 0x6000 is a multiple of 3, so each slice encodes alone with no padding in the middle.
  for (let i = 0; i < bytes.length; i += 0x6000) {
    pieces.push(btoa(String.fromCharCode(...bytes.subarray(i, i + 0x6000))));
  }
  return pieces.join('');
}
