import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { httpStatusFor } from '../support/postgrest-status.ts';

// db/errors.md is the registry of error codes: code, HTTP status, what
// raises it. These tests hold it to PostgREST's mapping and to the code.

interface Entry {
  codes: string[];
  status: number;
  raisedBy: string[];
}

const registry: Entry[] = [...readFileSync(join(projectRoot, 'db', 'errors.md'), 'utf8')
  .matchAll(/^\| `([0-9A-Z]{5,8})`(?: \/ `([0-9A-Z]{5})`)? \| (\d{3}) \| ([^|]+) \|/gm)]
  .map(([, code, alternative, status, raisedBy]) => ({
    codes: [code, alternative].filter(Boolean) as string[],
    status: Number(status),
    raisedBy: (raisedBy as string).split(',').map((name) => name.trim().replaceAll('`', '')),
  }));

/** The definition in force of every function and view, by qualified name (db/objects/<schema>/<name>.sql). */
const objects = new Map<string, string>(['lib_event', 'lib_events'].flatMap((schema) =>
  readdirSync(join(projectRoot, 'db', 'objects', schema))
    .filter((file) => file.endsWith('.sql'))
    .map((file) => [`${schema}.${file.slice(0, -4)}`, readFileSync(join(projectRoot, 'db', 'objects', schema, file), 'utf8')] as const)));

const scripts = new Map(readdirSync(join(projectRoot, 'scripts'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => [join('scripts', file), readFileSync(join(projectRoot, 'scripts', file), 'utf8')] as const));

/** The proxy configuration db/security.md documents: its refusals answer with lib_event's codes. */
const configs = new Map(['db/nginx.conf'].map((path) => [path, readFileSync(join(projectRoot, path), 'utf8')] as const));

const listed = (code: string) => registry.find((entry) => entry.codes.includes(code));

describe('the error registry in db/errors.md', () => {
  it('lists each code once, with the status PostgREST v16.2 gives it', () => {
    expect(registry.length).toBeGreaterThan(40);
    const codes = registry.flatMap((entry) => entry.codes);
    expect(codes.length).toBe(new Set(codes).size);
    for (const { codes: entryCodes, status } of registry) {
      for (const code of entryCodes.filter((c) => !c.startsWith('PGRST'))) {
        expect(`${code} ${httpStatusFor(code)}`).toBe(`${code} ${status}`);
      }
    }
  });

  it('names, for every code a function in force raises, each function that raises it', () => {
    const missing: string[] = [];
    for (const [name, text] of objects) {
      for (const [, code] of text.matchAll(/errcode = '([0-9A-Z]{5})'/g)) {
        if (!listed(code as string)?.raisedBy.includes(name)) missing.push(`${code} raised by ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names, for every code the proxy configuration answers with, that file', () => {
    const missing: string[] = [];
    for (const [path, text] of configs) {
      for (const [, code] of text.matchAll(/"code":"([0-9A-Z]{5})"/g)) {
        if (!listed(code as string)?.raisedBy.includes(path)) missing.push(`${code} answered by ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names, for every code a script reports, that script', () => {
    const missing: string[] = [];
    for (const [path, text] of scripts) {
      for (const [, code] of text.matchAll(/'((?:LE|PT)[0-9]{3})'/g)) {
        if (!listed(code as string)?.raisedBy.includes(path)) missing.push(`${code} reported by ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names only functions and scripts that exist and name the code, or PostgreSQL or PostgREST', () => {
    const wrong: string[] = [];
    for (const { codes, raisedBy } of registry) {
      for (const name of raisedBy) {
        if (name === 'PostgreSQL' || name === 'PostgREST') continue;
        const text = objects.get(name) ?? scripts.get(name) ?? configs.get(name);
        if (text === undefined) wrong.push(`${codes[0]}: no function or script ${name}`);
        else if (!codes.some((code) => text.includes(`'${code}'`) || text.includes(`"${code}"`))) wrong.push(`${codes[0]}: ${name} does not name it`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('gives PostgreSQL\'s and PostgREST\'s own codes to them, and lib_event\'s codes to lib_event', () => {
    for (const { codes, raisedBy } of registry) {
      const ours = codes.some((code) => /^(LE|PT)/.test(code)) || codes.includes('23505');
      expect(`${codes[0]} ${raisedBy.some((name) => name === 'PostgreSQL' || name === 'PostgREST') ? 'theirs' : 'ours'}`)
        .toBe(`${codes[0]} ${ours ? 'ours' : 'theirs'}`);
    }
  });
});
