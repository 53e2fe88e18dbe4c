import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../../../scripts/database/dbmate.ts';

/** A fenced code block of a Markdown file. */
export interface Fence {
  /** The file, relative to the project root. */
  file: string;
  /** The line of the opening fence, from 1. */
  line: number;
  /** The info string's first word: sh, ts, json, text, sql... */
  lang: string;
  /** The block's lines, without the fence's indentation. */
  text: string;
  /** The example marker on the line before the fence, if any. */
  marker?: Marker;
  /** Whether only blank lines separate this block from the one before. */
  followsPrevious: boolean;
}

/** What a `<!-- example: ... -->` comment before a fence says (test/docs/README.md). */
export type Marker =
  | { kind: 'skip'; reason: string }
  | { kind: 'needs'; names: string[]; meaning: string }
  | { kind: 'walk-through'; name: string };

/** `file:line` of a block, as the failures name it. */
export const where = (fence: Fence) => `${fence.file}:${fence.line}`;

/** The documentation whose examples are run: README.md and every Markdown file under db/ and scripts/. */
export function documentationFiles(): string[] {
  const under = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : under(path);
      return entry.name.endsWith('.md') ? [path] : [];
    });
  const files = [join(projectRoot, 'README.md'), ...under(join(projectRoot, 'db')), ...under(join(projectRoot, 'scripts'))];
  return files.map((path) => relative(projectRoot, path)).sort((a, b) => (a === 'README.md' ? -1 : b === 'README.md' ? 1 : a.localeCompare(b)));
}

const markerLine = /^\s*<!--\s*example:\s*(.*?)\s*-->\s*$/;

/** A marker's text, or a message saying why it is not one. */
export function parseMarker(text: string): Marker | string {
  const [, kind = '', rest = ''] = /^(\S+)\s*(.*)$/s.exec(text) ?? [];
  if (kind === 'skip') return rest ? { kind, reason: rest } : 'skip needs a reason: <!-- example: skip <why> -->';
  if (kind === 'walk-through') return /^[\w-]+$/.test(rest) ? { kind, name: rest } : 'walk-through needs a name: <!-- example: walk-through <name> -->';
  if (kind === 'needs') {
    const [, names, meaning = ''] = /^([A-Z_][A-Z0-9_]*(?:\s*,\s*[A-Z_][A-Z0-9_]*)*)\s*(?::\s*(.*))?$/s.exec(rest) ?? [];
    if (!names || !meaning) return 'needs takes variable names and what they stand for: <!-- example: needs NAME[, NAME]: what it is -->';
    return { kind, names: names.split(',').map((name) => name.trim()), meaning };
  }
  return `unknown example marker "${kind}": skip, needs or walk-through`;
}

/**
 * The fenced blocks of one Markdown file, in order, each with the marker
 * before it. A marker that is not directly before a fence (blank lines
 * allowed), or that does not parse, is listed in `problems`.
 */
export function fencesOf(file: string): { fences: Fence[]; problems: string[] } {
  const lines = readFileSync(join(projectRoot, file), 'utf8').split('\n');
  const fences: Fence[] = [];
  const problems: string[] = [];
  let pending: { marker: Marker; line: number } | undefined;
  let lastClosed = -2;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] as string;
    const marker = markerLine.exec(line);
    if (marker) {
      if (pending) problems.push(`${file}:${pending.line}: example marker not followed by a code block`);
      const parsed = parseMarker(marker[1] as string);
      if (typeof parsed === 'string') problems.push(`${file}:${index + 1}: ${parsed}`);
      else pending = { marker: parsed, line: index + 1 };
      continue;
    }
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/.exec(line);
    if (!open) {
      if (line.trim() !== '' && pending) {
        problems.push(`${file}:${pending.line}: example marker not followed by a code block`);
        pending = undefined;
      }
      continue;
    }
    const [, indent = '', fence = '', lang = ''] = open;
    const body: string[] = [];
    let end = index + 1;
    for (; end < lines.length; end += 1) {
      const closing = lines[end] as string;
      if (closing.trim().startsWith(fence) && closing.trim().replace(/[`~]/g, '') === '') break;
      body.push(closing.startsWith(indent) ? closing.slice(indent.length) : closing.trimStart());
    }
    const between = lines.slice(lastClosed + 1, index);
    fences.push({
      file,
      line: index + 1,
      lang,
      text: body.join('\n'),
      ...(pending ? { marker: pending.marker } : {}),
      followsPrevious: lastClosed >= 0 && between.every((text) => text.trim() === '' || markerLine.test(text)),
    });
    pending = undefined;
    lastClosed = end;
    index = end;
  }
  if (pending) problems.push(`${file}:${pending.line}: example marker not followed by a code block`);
  return { fences, problems };
}

/** Whether a shell block runs curl. */
export const runsCurl = (fence: Fence) => ['sh', 'bash', 'shell'].includes(fence.lang) && /(^|[\s;&|(])curl\s/m.test(fence.text);
export const isTypeScript = (fence: Fence) => ['ts', 'typescript'].includes(fence.lang);

export interface HttpExample { fence: Fence; needs: string[]; response?: Fence }
export interface TypeScriptExample { fence: Fence }
export interface WalkThroughStep { fence: Fence; output?: Fence }

export interface Examples {
  http: HttpExample[];
  typescript: TypeScriptExample[];
  walkThroughs: Map<string, WalkThroughStep[]>;
  skipped: { fence: Fence; reason: string }[];
  problems: string[];
}

/**
 * Every example of the documentation: shell blocks that run curl (with the
 * json or text block right after them as their response), TypeScript
 * blocks, and the steps of walk-throughs; blocks marked skip, with why.
 */
export function documentationExamples(files = documentationFiles()): Examples {
  const examples: Examples = { http: [], typescript: [], walkThroughs: new Map(), skipped: [], problems: [] };
  for (const file of files) {
    const { fences, problems } = fencesOf(file);
    examples.problems.push(...problems);
    fences.forEach((fence, index) => {
      const next = fences[index + 1]?.followsPrevious ? fences[index + 1] : undefined;
      const marker = fence.marker;
      if (marker?.kind === 'skip') {
        examples.skipped.push({ fence, reason: marker.reason });
      } else if (marker?.kind === 'walk-through') {
        if (!['sql', 'sh'].includes(fence.lang)) examples.problems.push(`${where(fence)}: a walk-through step is a sql or sh block, not ${fence.lang || 'unlabelled'}`);
        const steps = examples.walkThroughs.get(marker.name) ?? [];
        steps.push({ fence, ...(fence.lang === 'sql' && next?.lang === 'text' && !next.marker ? { output: next } : {}) });
        examples.walkThroughs.set(marker.name, steps);
      } else if (runsCurl(fence)) {
        examples.http.push({
          fence,
          needs: marker?.kind === 'needs' ? marker.names : [],
          ...(next && ['json', 'text'].includes(next.lang) && !next.marker ? { response: next } : {}),
        });
      } else if (isTypeScript(fence)) {
        if (marker) examples.problems.push(`${where(fence)}: "${marker.kind}" does not apply to a TypeScript example`);
        examples.typescript.push({ fence });
      } else if (marker) {
        examples.problems.push(`${where(fence)}: "${marker.kind}" on a block that is not an example (no curl, not TypeScript)`);
      }
    });
  }
  return examples;
}
