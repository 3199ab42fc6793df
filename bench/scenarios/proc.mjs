/** The memory of a Chromium profile's processes, from /proc (Linux): for the benches that measure it. */
import { readdirSync, readFileSync } from 'node:fs';

/** The pids of `root` and all its descendants. */
export function processTree(root) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  const all = [];
  const walk = (pid) => {
    all.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return all;
}

/** The browser process of the profile in `dir` (the one whose command line names it). */
export function browserPid(dir) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmdline.includes(`--user-data-dir=${dir}`) && !cmdline.some((a) => a.startsWith('--type=')))
        return Number(entry);
    } catch {
      // Gone.
    }
  }
  throw new Error('browser process not found');
}

/** Whether `pid` is one of Chromium's renderer processes (a page's, or its workers'). */
export function isRenderer(pid) {
  try {
    // Renderers forked from the zygote set their title as one string (setproctitle), not NUL-separated.
    return /(^|[\s\0])--type=renderer(\s|\0|$)/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return false;
  }
}

/** Sum of PSS and RSS (bytes) over the browser's processes (those `only` keeps, if given). */
export function memoryOf(root, only = () => true) {
  let pss = 0;
  let rss = 0;
  for (const pid of processTree(root).filter(only)) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0) * 1024;
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0) * 1024;
    } catch {
      // Gone.
    }
  }
  return { pss, rss };
}
