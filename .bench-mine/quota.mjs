import { chromium } from 'playwright';
const dir = process.argv[2];
const ctx = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await ctx.newPage();
await page.goto('data:text/html,hi').catch(()=>{});
// need a real origin: serve about:blank won't have storage; use a tiny http server
import http from 'node:http';
const srv = http.createServer((q, r) => { r.setHeader('content-type','text/html'); r.end('<p>x</p>'); }).listen(4391);
await page.goto('http://localhost:4391/');
const e = await page.evaluate(async () => { const e = await navigator.storage.estimate(); return { quota: e.quota, usage: e.usage }; });
console.log(dir, 'quota MB', (e.quota/1048576).toFixed(1), 'usage', e.usage);
const ctx2 = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p2 = await (await ctx2.newContext()).newPage();
await p2.goto('http://localhost:4391/');
const e2 = await p2.evaluate(async () => { const e = await navigator.storage.estimate(); return { quota: e.quota, usage: e.usage }; });
console.log('newContext quota MB', (e2.quota/1048576).toFixed(1));
await ctx.close(); await ctx2.close(); srv.close();
