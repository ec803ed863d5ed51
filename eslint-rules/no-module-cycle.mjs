import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `import-x/no-cycle` sees files; this sees feature modules. Module `a` importing module `b` while `b` (directly or
 * through other modules) imports `a` is reported at the import, with the way back. Type-only imports and tests do not
 * count. The graph is read once per ESLint run from the files on disk.
 */
const isProductFile = (file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file) && !/(^|\/)testing\//.test(file);
const importPattern = /^\s*(?:import|export)\s+(type\s+)?[^;'"]*?from\s+'(\.[^']+)'/gm;

const moduleOf = (modulesDir, file) => {
  const relative = path.relative(modulesDir, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? undefined : relative.split(path.sep)[0];
};

const readGraph = (modulesDir) => {
  const graph = new Map();
  for (const file of readdirSync(modulesDir, { recursive: true })) {
    if (!isProductFile(file)) continue;
    const absolute = path.join(modulesDir, file);
    const from = moduleOf(modulesDir, absolute);
    for (const [, typeOnly, specifier] of readFileSync(absolute, 'utf8').matchAll(importPattern)) {
      const to = moduleOf(modulesDir, path.resolve(path.dirname(absolute), specifier));
      if (typeOnly || !to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from).add(to);
    }
  }
  return graph;
};

/** The modules from `start` to `goal`, both included, or undefined. */
const findPath = (graph, start, goal) => {
  const cameFrom = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === goal) {
      const way = [];
      for (let step = goal; step !== undefined; step = cameFrom.get(step)) way.unshift(step);
      return way;
    }
    for (const next of graph.get(current) ?? []) {
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, current);
      queue.push(next);
    }
  }
  return undefined;
};

const graphs = new Map();

export const noModuleCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Feature modules must not import each other, directly or through other modules.' },
    schema: [{ type: 'object', properties: { modulesDir: { type: 'string' } }, required: ['modulesDir'] }],
    messages: { cycle: 'Module cycle: {{way}}. Make the dependency one-way (pass a callback in, or move the code).' },
  },
  create(context) {
    const { modulesDir } = context.options[0];
    const from = moduleOf(modulesDir, context.filename);
    if (!from || !isProductFile(path.relative(modulesDir, context.filename))) return {};
    if (!graphs.has(modulesDir)) graphs.set(modulesDir, readGraph(modulesDir));
    const graph = graphs.get(modulesDir);

    const check = (node) => {
      if (!node.source || node.importKind === 'type' || node.exportKind === 'type') return;
      if (!node.source.value.startsWith('.')) return;
      const to = moduleOf(modulesDir, path.resolve(path.dirname(context.filename), node.source.value));
      if (!to || to === from) return;
      const way = findPath(graph, to, from);
      if (way) context.report({ node: node.source, messageId: 'cycle', data: { way: [from, ...way].join(' -> ') } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};
