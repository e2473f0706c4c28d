// No internal notes in the repository: what a reader of a clone finds is meant for them, not a
// message between the people who wrote it (a note to whoever merges, a placeholder that some
// text "replaces", a work item's number, a file that lives outside the repository).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Patterns an internal note has, built from pieces so that this file does not match itself. */
const INTERNAL_NOTES: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: 'a note to whoever merges', pattern: new RegExp(String.raw`\b(?:for|by|to|tell) the ${'lead'}\b|\b${'lead'} (?:to|will) (?:merge|register)`, 'i') },
  { name: 'a placeholder replaced', pattern: new RegExp(String.raw`\breplaces? ["“]?${'pending'}`, 'i') },
  { name: 'a draft for merging', pattern: new RegExp(String.raw`\bproposed additions to ${'SPEC_MAPPING'}|\bto ${'merge'} into\b`, 'i') },
  { name: 'notes of a helper', pattern: new RegExp(String.raw`\b${'helper'}'s notes\b|\bwhat-if ${'helper'}\b`, 'i') },
  { name: 'a work item number', pattern: new RegExp(String.raw`\b(?:${'issue'}|${'stop'}|${'ticket'})s? #?\d+\b`, 'i') },
  { name: 'a file outside the repository', pattern: new RegExp(String.raw`\.\./${'shared'}\b|\b${'design'}\.md\b`, 'i') },
];

/** Every line of `files` (repo-relative, read under `root`) that carries an internal note. */
function internalNotes(root: string, files: readonly string[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    readFileSync(`${root}/${file}`, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const { name, pattern } of INTERNAL_NOTES) if (pattern.test(line)) hits.push(`${file}:${i + 1}: ${name}: ${line.trim().slice(0, 100)}`);
      });
  }
  return hits;
}

const tracked = execFileSync('git', ['ls-files'], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => f !== '' && f !== 'package-lock.json' && /\.(?:ts|mts|mjs|js|json|md|txt|py|sh|yml|yaml|csv|html)$/.test(f));

describe('no internal notes in the repository', () => {
  it('no tracked file carries one', () => {
    expect(internalNotes('.', tracked)).toEqual([]);
    expect(tracked.length).toBeGreaterThan(100);
  });

  it('recognizes each kind the what-if draft carried', () => {
    // each split inside a word, so that no line of this file is a note itself
    const lines = [
      ['For the le', 'ad to mer', 'ge into SPEC_MAPPING.md.'],
      ['**Counterexample** (replaces "pen', 'ding"): with the profile'],
      ['# What-if findings: proposed addi', 'tions to SPEC_MAPPING.md'],
      ['## New IDs for the le', 'ad to register'],
      ["(the what-if hel", "per's notes are in docs/whatif/findings.md)"],
      ['see iss', 'ue 12 and st', 'op 3'],
      ['as in ../sha', 'red/des', 'ign.md'],
    ].map((pieces) => pieces.join(''));
    const found = lines.map((l) => INTERNAL_NOTES.filter((n) => n.pattern.test(l)).map((n) => n.name));
    for (const [i, names] of found.entries()) expect(names.length, lines[i]).toBeGreaterThan(0);
    expect(found.flat()).toEqual(expect.arrayContaining(INTERNAL_NOTES.map((n) => n.name)));
  });

  it('leaves ordinary prose alone', () => {
    const prose = ['the lead eNB derives the key', 'a leading space', 'pending requests are forgotten', 'the helper threads of the collector', 'the design of the model'];
    expect(prose.filter((l) => INTERNAL_NOTES.some((n) => n.pattern.test(l)))).toEqual([]);
  });
});
