import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCommand, runCommand } from '../command.ts';
import { projectRoot } from '../database/dbmate.ts';

// npm run bench:readme: scripts/bench/README.md quotes one benchmark run, the one in
// scripts/bench/baseline.json, word for word: this writes it between the
// markers. test/scripts/bench-readme.test.ts fails when they differ.

export const baselineFile = join(projectRoot, 'scripts', 'bench', 'baseline.json');
export const readmeFile = join(projectRoot, 'scripts', 'bench', 'README.md');
export const begin = '<!-- bench output: npm run bench -- --json scripts/bench/baseline.json, then npm run bench:readme -->';
export const end = '<!-- end of bench output -->';

/** The benchmark block for a run's printed output. */
export function benchBlock(output: string[]): string {
  return `${begin}\n\`\`\`text\n${output.join('\n').trim()}\n\`\`\`\n${end}`;
}

/** The performance page with its benchmark block replaced. */
export function withBenchBlock(readme: string, output: string[]): string {
  const from = readme.indexOf(begin);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${readmeFile} has no benchmark block: add the markers ${begin} and ${end}`);
  return readme.slice(0, from) + benchBlock(output) + readme.slice(to + end.length);
}

async function main(): Promise<void> {
  parseCommand({
    usage: 'npm run bench:readme',
    description: 'Write the output of the run kept in scripts/bench/baseline.json into scripts/bench/README.md, between its benchmark markers.',
  });
  const { output } = JSON.parse(readFileSync(baselineFile, 'utf8')) as { output?: string[] };
  if (!output) throw new Error(`${baselineFile} holds no output: run npm run bench -- --json scripts/bench/baseline.json first`);
  writeFileSync(readmeFile, withBenchBlock(readFileSync(readmeFile, 'utf8'), output));
  console.log('scripts/bench/README.md: benchmark block written from scripts/bench/baseline.json');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runCommand(main);
