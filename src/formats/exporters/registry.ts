/** The text exporters, by format: only the export worker imports this (the page takes labels.ts). */
import type { TextExporter, TextFormat } from './contract';
import { csvExporter } from './csv';
import { htmlExporter } from './html';
import { jsonExporter } from './json';
import { txtExporter } from './txt';

/** Every text exporter, by format. */
export const TEXT_EXPORTERS: Readonly<Record<TextFormat, TextExporter>> = {
  txt: txtExporter,
  csv: csvExporter,
  json: jsonExporter,
  html: htmlExporter,
};
