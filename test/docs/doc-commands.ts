// The shell commands the documentation tells a reader to run, read from the Markdown: every
// line of a fenced sh/bash/shell/console block, the `npm`/`npx` commands in the first column of
// a table, and the `run:` steps of every GitHub Actions workflow in a yaml block.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Code, InlineCode, Nodes, Root, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import { parse as parseYaml } from 'yaml';

/** One command as a reader would paste it, with where it is written and what it should exit with. */
export interface DocCommand {
  /** Repository-relative Markdown file. */
  readonly file: string;
  readonly line: number;
  /** The command line as written (continuation lines joined, the `$ ` prompt of a console block removed). */
  readonly text: string;
  /** The exit code the docs give: `# exit N` after the command, else 0. */
  readonly exit: number;
}

/** One `run:` step of a workflow job, with the matrix values it runs under. */
export interface WorkflowStep {
  readonly name: string;
  readonly run: string;
}

/** A GitHub Actions workflow in a yaml block: per matrix combination, its steps in order. */
export interface DocWorkflow {
  readonly file: string;
  readonly line: number;
  readonly job: string;
  /** One entry per matrix combination, `${{ matrix.x }}` substituted. */
  readonly runs: readonly { readonly matrix: Readonly<Record<string, string>>; readonly steps: readonly WorkflowStep[]; readonly paths: readonly string[] }[];
}

const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console']);
const EXIT_COMMENT = /#\s*exit (\d+)\b/;

/** README.md and every Markdown file under docs/. */
export function docFiles(root: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : []));
  return [join(root, 'README.md'), ...walk(join(root, 'docs')).sort()].map((f) => relative(root, f));
}

function markdown(root: string, file: string): Root {
  return fromMarkdown(readFileSync(join(root, file), 'utf8'), { extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()] });
}

function visit(node: Nodes, f: (n: Nodes) => void): void {
  f(node);
  if ('children' in node) for (const c of node.children) visit(c, f);
}

function shellBlock(file: string, code: Code): DocCommand[] {
  const out: DocCommand[] = [];
  const first = (code.position?.start.line ?? 0) + 1;
  const lines = code.value.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let text = lines[i] ?? '';
    if (code.lang === 'console') {
      if (!text.startsWith('$ ')) continue; // output, not a command
      text = text.slice(2);
    }
    while (text.endsWith('\\') && i + 1 < lines.length) text = `${text.slice(0, -1)} ${(lines[++i] ?? '').trim()}`;
    if (text.trim() === '' || text.trim().startsWith('#')) continue;
    out.push({ file, line: first + start, text: text.trim(), exit: Number(EXIT_COMMENT.exec(text)?.[1] ?? 0) });
  }
  return out;
}

function tableCommands(file: string, table: Table): DocCommand[] {
  return table.children.slice(1).flatMap((row) =>
    (row.children[0]?.children ?? [])
      .filter((n): n is InlineCode => n.type === 'inlineCode' && /^(npx|npm) /.test(n.value))
      .map((n) => ({ file, line: n.position?.start.line ?? 0, text: n.value, exit: 0 })),
  );
}

/** Every shell command of the docs (workflow steps excepted: see docWorkflows). */
export function docCommands(root: string): DocCommand[] {
  return docFiles(root).flatMap((file) => {
    const out: DocCommand[] = [];
    visit(markdown(root, file), (n) => {
      if (n.type === 'code' && SHELL_LANGS.has(n.lang ?? '')) out.push(...shellBlock(file, n));
      if (n.type === 'table') out.push(...tableCommands(file, n));
    });
    return out;
  });
}

interface YamlStep {
  name?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface YamlWorkflow {
  jobs?: Record<string, { strategy?: { matrix?: Record<string, unknown[]> }; steps?: YamlStep[] }>;
}

/** All combinations of a job's matrix (one empty combination without a matrix). */
function combinations(matrix: Record<string, unknown[]> | undefined): Record<string, string>[] {
  let out: Record<string, string>[] = [{}];
  for (const [key, values] of Object.entries(matrix ?? {})) out = out.flatMap((c) => values.map((v) => ({ ...c, [key]: String(v) })));
  return out;
}

function substitute(text: string, matrix: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{\{\s*matrix\.(\w+)\s*\}\}/g, (whole, key: string) => matrix[key] ?? whole);
}

/** Every GitHub Actions workflow (a yaml block with `jobs:`) of the docs. */
export function docWorkflows(root: string): DocWorkflow[] {
  return docFiles(root).flatMap((file) => {
    const out: DocWorkflow[] = [];
    visit(markdown(root, file), (n) => {
      if (n.type !== 'code' || n.lang !== 'yaml') return;
      const wf = parseYaml(n.value) as YamlWorkflow | null;
      for (const [job, spec] of Object.entries(wf?.jobs ?? {})) {
        const steps = spec.steps ?? [];
        out.push({
          file,
          line: n.position?.start.line ?? 0,
          job,
          runs: combinations(spec.strategy?.matrix).map((matrix) => ({
            matrix,
            steps: steps.filter((s) => typeof s.run === 'string').map((s) => ({ name: substitute(s.name ?? s.run ?? '', matrix), run: substitute(s.run ?? '', matrix) })),
            // What later steps read (artefact uploads, report files): the run must have made them.
            paths: steps.flatMap((s) => Object.entries(s.with ?? {}).filter(([k]) => /path/.test(k)).map(([, v]) => substitute(String(v), matrix))),
          })),
        });
      }
    });
    return out;
  });
}
