// A stand-in for long work, for test/scripts/progress.test.ts: 2,000 rows
// over about 1.5 s, with progress as the commands report it.
import { startProgress } from '../../scripts/progress.ts';

const progress = startProgress({ label: 'demo', unit: 'rows', total: 2000 });
for (let i = 0; i < 20; i++) {
  await new Promise((resolve) => setTimeout(resolve, 75));
  progress.advance(100);
}
progress.finish();
console.log('demo: done');
