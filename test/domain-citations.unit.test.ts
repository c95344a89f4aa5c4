/**
 * Comments that rest on a domain rule cite the section of docs/domain.md that states it, by its
 * GitHub anchor (`docs/domain.md#people-and-authority`), never a domain document outside the
 * repository, which a reader of it cannot open. Reads files only: no servers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const DOMAIN = path.join(ROOT, 'docs/domain.md');
const SCANNED = ['src'];
const SOURCE = /\.(ts|tsx|js|mjs|cjs|css|html)$/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(rel);
    return SOURCE.test(e.name) ? [rel] : [];
  });
}

/** GitHub's heading anchor (github-slugger): lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every heading's anchor in a Markdown text, a repeated one numbered as GitHub does (`-1`, `-2`). */
function anchorsIn(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? undefined : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = anchorOf(heading);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

interface Mention {
  file: string;
  line: number;
  text: string;
}

function mentions(files: string[], pattern: RegExp): (Mention & { match: RegExpExecArray })[] {
  const all = new RegExp(pattern.source, 'g');
  return files.flatMap((file) => {
    const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
    return lines.flatMap((text, i) => [...text.matchAll(all)].map((match) => ({ file, line: i + 1, text: text.trim(), match })));
  });
}

const where = (m: Mention) => `${m.file}:${m.line}: ${m.text}`;

describe('citations of the domain rules', () => {
  const files = SCANNED.flatMap(sourceFiles);
  const anchors = anchorsIn(fs.readFileSync(DOMAIN, 'utf8'));

  it('finds the files and the sections it checks', () => {
    expect(files).toContain(path.join('src', 'shared', 'vocab.ts'));
    expect(files).toContain(path.join('src', 'workflows', 'legacy', 'handlers.ts'));
    expect(anchors).toContain('people-and-authority');
    expect(anchors).toContain('callbacks-and-the-people-who-make-them');
  });

  it('names no domain or style document outside the repository: cite docs/domain.md#<section> instead', () => {
    expect(mentions(files, /\b(DOMAIN|STYLE)\.md\b/).map(where)).toEqual([]);
  });

  it('cites docs/domain.md by a section, and only sections that are headings there', () => {
    const cited = mentions(files, /domain\.md(#[^\s),.;:'"`]*)?/);
    expect(cited.length).toBeGreaterThan(0);
    const wrong = cited.filter((m) => !anchors.has((m.match[1] ?? '').slice(1)));
    expect(wrong.map(where), `Each docs/domain.md citation needs the anchor of one of its headings: ${[...anchors].map((a) => `#${a}`).join(', ')}`).toEqual(
      [],
    );
  });
});

describe('GitHub anchors', () => {
  it('are the heading in lower case, punctuation dropped and spaces made hyphens', () => {
    expect(anchorOf('People and authority')).toBe('people-and-authority');
    expect(anchorOf('Follow-up')).toBe('follow-up');
    expect(anchorOf("A customer's `Retry-After`: honoured!")).toBe('a-customers-retry-after-honoured');
  });

  it('number a repeated heading and ignore headings inside code fences', () => {
    expect([...anchorsIn('# A\n## Notes\n```\n# not a heading\n```\n## Notes\n')]).toEqual(['a', 'notes', 'notes-1']);
  });
});
