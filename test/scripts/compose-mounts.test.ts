import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';

// The compose services that run a script with Node's type stripping get
// only the files they mount and the packages their npm ci installs (the
// production dependencies, and the development ones unless --omit=dev): a
// script that imports anything else fails on a user's first `docker compose up`.
// A service without npm ci (postgrest-health) has no package at all.
const compose = readFileSync(join(projectRoot, 'docker-compose.yml'), 'utf8');
const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { dependencies: object; devDependencies: object };
const dependencies = Object.keys(manifest.dependencies);
const devDependencies = Object.keys(manifest.devDependencies);

const installed = (npmCi: string | undefined) => npmCi === undefined ? [] : npmCi.includes('--omit=dev') ? dependencies : [...dependencies, ...devDependencies];
const nodeServices = compose.split(/^ {2}(?=[a-z-]+:$)/m)
  .map((block) => ({
    name: block.slice(0, block.indexOf(':')),
    entry: /node --experimental-strip-types (\S+\.ts)/.exec(block)?.[1],
    installs: installed(/npm ci ([^&]*)/.exec(block)?.[1]),
    mounted: [...block.matchAll(/- \.\/(scripts\/[^\s:]+\.ts):/g)].map((match) => match[1] as string),
  }))
  .filter((service): service is { name: string; entry: string; installs: string[]; mounted: string[] } => service.entry !== undefined);

/** Every file and package a script loads at start: its static imports, followed through the project's own files. */
function staticImports(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(join(projectRoot, file), 'utf8');
    for (const [, specifier] of source.matchAll(/^import (?!type )[^;]*? from '([^']+)';/gms)) {
      if (specifier?.startsWith('.')) visit(normalize(join(file, '..', specifier)));
      else if (specifier && !specifier.startsWith('node:') && !builtinModules.includes(specifier)) packages.add(specifier.split('/')[0] as string);
    }
  };
  visit(entry);
  return { files: [...files], packages: [...packages] };
}

describe('the compose services that run the TypeScript sources', () => {
  it('are found in docker-compose.yml', () => {
    expect(nodeServices.map((service) => service.name)).toEqual(expect.arrayContaining(['sequencer', 'relay', 'bridge', 'ingest', 'postgrest-health']));
  });

  it.each(nodeServices.map((service) => [service.name, service] as const))('%s mounts every file it imports and installs every package it imports', (_, service) => {
    const { files, packages } = staticImports(service.entry);
    expect(service.mounted.sort()).toEqual(expect.arrayContaining(files.sort()));
    for (const name of packages) expect(service.installs).toContain(name);
  });

  it('install only the production dependencies, but for the RabbitMQ services: amqplib is a development dependency', () => {
    const lean = nodeServices.filter((service) => !service.installs.includes('amqplib')).map((service) => service.name);
    expect(lean).toEqual(expect.arrayContaining(['sequencer', 'relay']));
    expect(nodeServices.filter((service) => service.installs.includes('amqplib')).map((service) => service.name).sort()).toEqual(['bridge', 'ingest']);
  });
});
