/** The benchmark scenarios, in the order `npm run bench` runs them. */
import conversation from './conversation.mjs';
import exportAll from './export-all.mjs';
import exportText, { exportPng } from './export.mjs';
import { import100k, importMedia } from './import.mjs';
import lighthouse from './lighthouse.mjs';
import onedrive from './onedrive.mjs';
import search from './search.mjs';
import shellStart from './shell-start.mjs';

export const scenarios = [
  shellStart,
  import100k,
  importMedia,
  conversation,
  search,
  exportText,
  exportPng,
  exportAll,
  onedrive,
  lighthouse,
];
