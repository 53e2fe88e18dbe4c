import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baselineFile, benchBlock, readmeFile } from '../../scripts/bench/readme.ts';

describe('the benchmark figures in scripts/bench/README.md', () => {
  it('are the output of the one run kept in scripts/bench/baseline.json, with a target and a verdict per section', () => {
    const { output } = JSON.parse(readFileSync(baselineFile, 'utf8')) as { output: string[] };
    expect(readFileSync(readmeFile, 'utf8')).toContain(benchBlock(output));
    const titles = output.filter((line, i) => i > 0 && output[i - 1] === '' && line !== '');
    const targets = output.filter((line) => line.startsWith('  target: '));
    expect(targets.length).toBeGreaterThanOrEqual(titles.length);
  });
});
