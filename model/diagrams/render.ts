// Diagrams of the machines, generated from their definitions (never drawn by hand): Mermaid
// stateDiagram-v2 text for the docs, and DOT rendered to SVG with @viz-js/viz.

import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { createHposMachine } from '../machines/hpos.ts';
import { createMnMachine } from '../machines/mn.ts';
import { createSposMachine } from '../machines/spos.ts';
import { createTposMachine } from '../machines/tpos.ts';
import type { ModelDomainConfig, ModelMnConfig } from '../types.ts';
import { DEFAULT_VARIANT, READINGS, VARIANT_AXES, type VariantId } from '../variants.ts';

export interface MachineDiagram {
  readonly name: 'mn' | 'spos' | 'tpos' | 'hpos';
  readonly title: string;
  readonly summary: string;
  readonly logic: AnyStateMachine;
}

/** The machines, specialised with placeholder parameters: their structure does not depend on them. */
export function diagramMachines(): MachineDiagram[] {
  const pos: ModelDomainConfig = { id: 'P', rats: [], neighbours: [], partners: [], suites: [], requestsFallback: false };
  const mn: ModelMnConfig = { id: 'mn', home: 'P', rats: [], method: 'EAP', suites: [] };
  const common = { chainLimit: 3, variant: DEFAULT_VARIANT, mn };
  const role = { ...common, pos, domainById: new Map([[pos.id, pos]]) };
  return [
    { name: 'mn', title: 'MN', summary: 'The mobile node: attachment, preregistration with its SPoS, completion.', logic: createMnMachine(common) },
    { name: 'spos', title: 'SPoS role (one PoS, one MN)', summary: 'Serves the MN, decides optimized or full (SPoS order), relays K.', logic: createSposMachine(role) },
    { name: 'tpos', title: 'TPoS role (one PoS, one MN)', summary: 'Checks the SPoS request (TPoS order), prepares the SA, takes over on completion.', logic: createTposMachine(role) },
    { name: 'hpos', title: 'HPoS role (home PoS of one MN)', summary: 'EAP/ERP server of the MN\'s full establishments; source of K under V-K-HPOS.', logic: createHposMachine({ variant: DEFAULT_VARIANT, mn }) },
  ];
}

function actionLabel(a: unknown): string {
  if (typeof a === 'string') return a;
  const o = a as { type?: unknown; params?: unknown };
  const name = typeof o.type === 'string' ? o.type : 'action';
  if (o.params === undefined || o.params === null) return name;
  return `${name}(${Object.values(o.params as Record<string, unknown>).map(String).join(', ')})`;
}

function guardLabel(t: AnyTransitionDefinition): string | null {
  const g = t.guard as unknown;
  if (g === undefined || g === null) return null;
  if (typeof g === 'string') return g;
  const o = g as { type?: unknown };
  return typeof o.type === 'string' ? o.type : 'guard';
}

/** `event [guard] / action, action` */
export function transitionLabel(t: AnyTransitionDefinition): string {
  const guard = guardLabel(t);
  const actions = t.actions.map(actionLabel);
  return `${t.eventType}${guard === null ? '' : ` [${guard}]`}${actions.length === 0 ? '' : ` / ${actions.join(', ')}`}`;
}

function children(node: AnyStateNode): AnyStateNode[] {
  return Object.values(node.states) as AnyStateNode[];
}

function transitionsOf(node: AnyStateNode): AnyTransitionDefinition[] {
  return [...node.transitions.values()].flat();
}

// ---- Mermaid -----------------------------------------------------------------------------------

const mid = (node: AnyStateNode): string => node.id.replace(/[^A-Za-z0-9_]/g, '_');

export function toMermaid(logic: AnyStateMachine): string {
  const lines = ['stateDiagram-v2', '  direction LR'];
  const declare = (node: AnyStateNode, indent: string): void => {
    for (const c of children(node)) {
      if (children(c).length > 0) {
        lines.push(`${indent}state "${c.key}" as ${mid(c)} {`);
        declare(c, indent + '  ');
        lines.push(`${indent}}`);
      } else {
        lines.push(`${indent}state "${c.key}" as ${mid(c)}`);
      }
    }
    const init = node.initial?.target[0];
    if (init !== undefined) lines.push(`${indent}[*] --> ${mid(init)}`);
  };
  declare(logic.root, '  ');
  const edges = (node: AnyStateNode): void => {
    for (const t of transitionsOf(node)) {
      const targets = t.target ?? [node];
      for (const target of targets) {
        // a transition of the machine itself applies in any state: drawn as a loop on its target
        const from = node === logic.root ? target : node;
        const prefix = node === logic.root ? 'in any state, ' : '';
        lines.push(`  ${mid(from)} --> ${mid(target)} : ${prefix}${mermaidText(transitionLabel(t))}`);
      }
    }
    for (const c of children(node)) edges(c);
  };
  edges(logic.root);
  return lines.join('\n') + '\n';
}

/** Mermaid transition labels stop at some punctuation; keep the words. */
function mermaidText(s: string): string {
  return s.replace(/:/g, ' ').replace(/;/g, ',').replace(/#/g, '');
}

// ---- DOT -------------------------------------------------------------------------------------

const did = (node: AnyStateNode): string => JSON.stringify(node.id);
/** `node` is `cluster` or inside it. */
const within = (node: AnyStateNode, cluster: AnyStateNode): boolean =>
  cluster.path.length <= node.path.length && cluster.path.every((k, i) => node.path[i] === k);
const anchor = (node: AnyStateNode): string => JSON.stringify(`${node.id}.*`);
const dotText = (s: string): string => JSON.stringify(s);

export function toDot(logic: AnyStateMachine): string {
  const out = [
    `digraph ${JSON.stringify(logic.id)} {`,
    '  rankdir=LR; compound=true; newrank=true;',
    '  graph [fontname="Helvetica", fontsize=12];',
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  // Self-loops: graphviz nests several loops on one node and stacks their labels across the
  // loops (unreadable), and a loop on a compound state's anchor point draws inside the cluster.
  // So a state's self-loops are drawn once: a simple state gets one loop whose label lists them
  // one per line; a compound state lists them in a note inside its cluster.
  const loops = (node: AnyStateNode): string[] =>
    transitionsOf(node).filter((t) => (t.target ?? [node]).every((x) => x === node)).map(transitionLabel);
  // One transition a line, left-justified (DOT's \l ends a left-justified line).
  const loopText = (labels: readonly string[]): string => dotText(labels.join('\n') + '\n').replace(/\\n/g, '\\l');
  const drawLoops = (node: AnyStateNode, indent = '  '): void => {
    const labels = loops(node);
    if (labels.length === 0) return;
    if (children(node).length === 0) out.push(`  ${did(node)}:n -> ${did(node)}:n [label=${loopText(labels)}];`);
    else out.push(`${indent}${JSON.stringify(`${node.id}.loops`)} [shape=note, fontsize=9, label=${loopText([`${node === logic.root ? 'in any state' : `in ${node.key}`}, staying there:`, ...labels])}];`);
  };
  // A compound state is a cluster with an anchor (its initial pseudo-state) that edges attach to.
  const declare = (node: AnyStateNode, indent: string): void => {
    const init = node.initial?.target[0];
    if (init !== undefined) {
      out.push(`${indent}${anchor(node)} [shape=point, width=0.08, label=""];`);
      out.push(`${indent}${anchor(node)} -> ${endpoint(init)}${init !== undefined && children(init).length > 0 ? ` [lhead=${JSON.stringify(`cluster_${init.id}`)}]` : ''};`);
    }
    for (const c of children(node)) {
      if (children(c).length > 0) {
        out.push(`${indent}subgraph ${JSON.stringify(`cluster_${c.id}`)} {`);
        out.push(`${indent}  label=${dotText(c.key)}; style=rounded;`);
        declare(c, indent + '  ');
        drawLoops(c, indent + '  ');
        out.push(`${indent}}`);
      } else {
        out.push(`${indent}${did(c)} [label=${dotText(c.key)}];`);
      }
    }
  };
  const endpoint = (n: AnyStateNode): string => (children(n).length > 0 ? anchor(n) : did(n));
  declare(logic.root, '  ');
  const edges = (node: AnyStateNode): void => {
    if (children(node).length === 0 || node === logic.root) drawLoops(node);
    for (const t of transitionsOf(node)) {
      for (const target of (t.target ?? [node]).filter((x) => x !== node)) {
        const prefix = node === logic.root ? 'in any state, ' : '';
        const attrs = [`label=${dotText(prefix + transitionLabel(t).replace(' / ', '\n/ '))}`];
        // clip at a cluster's border only when the other end is outside that cluster
        if (children(node).length > 0 && node !== logic.root && !within(target, node)) attrs.push(`ltail=${JSON.stringify(`cluster_${node.id}`)}`);
        if (children(target).length > 0 && target !== logic.root && !within(node, target)) attrs.push(`lhead=${JSON.stringify(`cluster_${target.id}`)}`);
        out.push(`  ${endpoint(node)} -> ${endpoint(target)} [${attrs.join(', ')}];`);
      }
    }
    for (const c of children(node)) edges(c);
  };
  edges(logic.root);
  out.push('}');
  return out.join('\n') + '\n';
}

// ---- the documents ---------------------------------------------------------------------------

function variantTable(): string {
  const rows = VARIANT_AXES.flatMap((axis) =>
    (Object.entries(READINGS) as [VariantId, (typeof READINGS)[VariantId]][])
      .filter(([, r]) => r.axis === axis)
      .map(([id, r]) => `| ${axis} | \`${id}\`${DEFAULT_VARIANT[axis] === id ? ' (default)' : ''} | ${r.requirement} | ${r.reading} |`));
  return ['| axis | reading | sentence | what the model does |', '|---|---|---|---|', ...rows].join('\n');
}

export function readme(diagrams: readonly MachineDiagram[]): string {
  const parts = [
    '# The executable model: statecharts',
    '',
    'Generated by `npm run diagrams` (model/diagrams/generate.ts) from the machine definitions in',
    '`model/machines/`; do not edit. A test fails when these files are out of date.',
    '',
    'Transitions read `event [guard] / actions`; a transition drawn from a compound state applies in',
    'every state inside it; a self-loop without a target is an answer that leaves the state as it is.',
    'Guards are listed in the order they are tried: the first that holds wins (the decision orders of',
    'docs/protocol.md §4). Each guard and action cites its requirement ID in the source.',
    '',
    'How the machines are composed into a world, the API, and the readings the model had to choose',
    'where docs/protocol.md is silent: [world.md](world.md).',
    '',
  ];
  for (const d of diagrams) {
    parts.push(`## ${d.title}`, '', d.summary, '', `SVG: [${d.name}.svg](${d.name}.svg)`, '', '```mermaid', toMermaid(d.logic).trimEnd(), '```', '');
  }
  parts.push('## Interpretation variants (model/variants.ts)', '', variantTable(), '');
  return parts.join('\n');
}

export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/** Every generated file, relative to the repository root. */
export async function generateDiagrams(): Promise<GeneratedFile[]> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  const diagrams = diagramMachines();
  const files: GeneratedFile[] = [];
  for (const d of diagrams) {
    files.push({ path: `docs/model/${d.name}.mmd`, content: toMermaid(d.logic) });
    const svg = viz.render(toDot(d.logic), { format: 'svg', engine: 'dot' });
    if (svg.status !== 'success' || svg.errors.length > 0) {
      throw new Error(`graphviz on ${d.name}: ${svg.errors.map((e) => `${e.level ?? 'error'}: ${e.message}`).join('; ')}`);
    }
    files.push({ path: `docs/model/${d.name}.svg`, content: svg.output });
  }
  files.push({ path: 'docs/model/README.md', content: readme(diagrams) });
  return files;
}
