import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';

// scripts/ is cut by concern, one folder each (scripts/README.md). Imports run
// one way between the folders, each folder's README names the folders it
// imports from, and the client library imports nothing outside itself but the
// generated API types it ships with.
const scriptsDir = join(projectRoot, 'scripts');
const shared = '(shared helpers)';

const sourceFiles = (readdirSync(scriptsDir, { recursive: true, encoding: 'utf8' }) as string[])
  .filter((file) => /\.(ts|mts)$/.test(file) && !file.split(sep).includes('node_modules'));

/** The folder of scripts/ a file belongs to; the files at the top are the shared helpers. */
function folderOf(file: string): string {
  const parts = relative(scriptsDir, file).split(sep);
  return parts.length === 1 ? shared : (parts[0] as string);
}

/** Every relative module a file imports, statically, for its types only, or dynamically. */
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)'(\.{1,2}\/[^']+)'/gm)].map((match) => match[1] as string);
  return specifiers.map((specifier) => resolve(dirname(file), specifier));
}

const edges = new Map<string, Set<string>>();
const outside: string[] = [];
for (const file of sourceFiles.map((name) => join(scriptsDir, name))) {
  const from = folderOf(file);
  for (const target of importsOf(file)) {
    if (!target.startsWith(scriptsDir + sep)) {
      outside.push(`${relative(projectRoot, file)} -> ${relative(projectRoot, target)}`);
      continue;
    }
    const to = folderOf(target);
    if (to === from) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)!.add(to);
  }
}

/** A chain of folders that leads from a folder back to itself, if one does. */
function cycleFrom(start: string): string[] | undefined {
  const walk = (folder: string, path: string[]): string[] | undefined => {
    for (const next of edges.get(folder) ?? []) {
      if (next === start) return [...path, next];
      if (!path.includes(next)) {
        const found = walk(next, [...path, next]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(start, [start]);
}

const folders = readdirSync(scriptsDir).filter((name) => statSync(join(scriptsDir, name)).isDirectory() && name !== 'node_modules');

describe('scripts/', () => {
  it('holds only folders, its README and at most two shared helpers', () => {
    const files = readdirSync(scriptsDir).filter((name) => !statSync(join(scriptsDir, name)).isDirectory());
    expect(files.filter((name) => name !== 'README.md').length).toBeLessThanOrEqual(2);
    expect(files).toContain('README.md');
  });

  it('has folders that import one way: no folder imports from one that imports from it', () => {
    expect(edges.size).toBeGreaterThan(3);
    const cycles = [...edges.keys()].map(cycleFrom).filter((cycle) => cycle !== undefined).map((cycle) => cycle.join(' -> '));
    expect(cycles).toEqual([]);
  });

  it('has shared helpers that import from no folder', () => {
    expect([...(edges.get(shared) ?? [])]).toEqual([]);
  });

  it('has a client library that imports nothing outside itself but the API types it ships with', () => {
    expect([...(edges.get('client') ?? [])]).toEqual([]);
    const clientOutside = outside.filter((line) => line.startsWith('scripts/client/'));
    expect(clientOutside.every((line) => line.endsWith('-> generated/api.d.ts'))).toBe(true);
    // generated/api.d.ts is the only file the package build copies beside the client (package.json's build).
    expect(readFileSync(join(projectRoot, 'package.json'), 'utf8')).toContain('cp generated/api.d.ts');
  });

  it.each(folders)('%s/ has a README naming its entry points and exactly the folders it imports from', (folder) => {
    const readme = join(scriptsDir, folder, 'README.md');
    expect(existsSync(readme), `scripts/${folder}/README.md`).toBe(true);
    const text = readFileSync(readme, 'utf8');
    const line = /^Imports from: (.*)$/m.exec(text)?.[1];
    expect(line, `an "Imports from:" line in scripts/${folder}/README.md`).toBeDefined();
    const declared = [...(line ?? '').matchAll(/`([a-z-]+)\/`/g)].map((match) => match[1]).sort();
    const actual = [...(edges.get(folder) ?? [])].filter((to) => to !== shared).sort();
    expect(declared).toEqual(actual);
  });
});
