import pg from 'pg';
import { verifyLog } from '/work/wt-write-path/scripts/verify.ts';
const c = new pg.Client({ connectionString: process.argv[2]! }); await c.connect();
for (let i = 0; i < 2; i++) {
  const t = performance.now();
  const res = await verifyLog(c, { publicKeys: [] });
  const ms = performance.now() - t;
  console.log('verifyLog', Math.round(ms), 'ms', Math.round(res.events / ms * 1000), 'events/s', res.ok, res.failures.length);
}
await c.end();
