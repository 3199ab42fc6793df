/** Every archive format Textkeep reads, in the order detection tries them. */
import type { Importer } from '../contract';
import { decodeHead } from '../text-encoding';
import { sbrImporter } from './sbr/sbr-importer';
import { textkeepJsonImporter } from './textkeep-json/textkeep-json-importer';
import { vcfImporter } from './vcf/vcf-importer';
import { vmsgImporter } from './vmsg/vmsg-importer';
import { wpMsgImporter } from './wp-msg/wp-msg-importer';

/** The importers. */
export const IMPORTERS: readonly Importer[] = [
  sbrImporter,
  wpMsgImporter,
  vmsgImporter,
  vcfImporter,
  textkeepJsonImporter,
];

/** How many bytes of a file detection looks at. */
export const HEAD_BYTES = 4096;

/** The first bytes of a file as text, in the encoding they show (UTF-8 or UTF-16), BOM removed, for `detect`. */
export function headText(bytes: Uint8Array): string {
  return decodeHead(bytes);
}

/** Whether the bytes start a zip archive (local file header `PK\x03\x04`, or an empty one's `PK\x05\x06`). */
export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    (bytes[2] === 3 || bytes[2] === 5) &&
    (bytes[3] === 4 || bytes[3] === 6)
  );
}

/** The importer that reads a file, by its content first and its name second. */
export function detectImporter(head: string, name: string): Importer | undefined {
  return IMPORTERS.find((importer) => importer.detect(head, name));
}
