#!/usr/bin/env node
// Prints facts about the import graph, for issue notes and reviews: modules, dependencies,
// import cycles (type-only imports included) and the arrows between areas (a package, or a
// folder of packages/server/src), with the boundary violations of .dependency-cruiser.mjs.
// Usage: node scripts/import-graph.mjs [--all-arrows] [--without-exceptions]   (from the repository root)
// --without-exceptions checks the rules as the design states them, ignoring TEMPORARY_EXCEPTIONS.
import { cruise } from 'dependency-cruiser';
import config, { RULES } from '../.dependency-cruiser.mjs';

const ROOTS = ['packages', 'e2e', 'bench', 'scripts'];
const showAll = process.argv.includes('--all-arrows');
const forbidden = process.argv.includes('--without-exceptions') ? RULES : config.forbidden;

const { output } = await cruise(ROOTS, { ...config.options, ruleSet: { forbidden }, validate: true });
const local = output.modules.filter((m) => !m.source.startsWith('node_modules/') && !m.coreModule);
const isLocal = new Set(local.map((m) => m.source));

/** The area a file belongs to: a server source folder, or a package, or a top-level folder. */
function area(path) {
  const server = /^packages\/server\/src\/([^/]+)\//.exec(path);
  if (server) return `server/${server[1]}`;
  if (/^packages\/server\/src\/[^/]+$/.test(path)) return 'server/(root)';
  const pkg = /^packages\/([^/]+)\/(src|test)\//.exec(path);
  if (pkg) return pkg[2] === 'test' ? `${pkg[1]}/test` : pkg[1];
  return path.split('/')[0];
}
const isTest = (path) => /(^|\/)test\/|\.test\.tsx?$|\.fixture\.ts$/.test(path);

// Strongly connected components (Tarjan) over local modules: each with more than one module,
// or a module importing itself, is one cycle.
const edges = new Map(
  local.map((m) => [m.source, m.dependencies.map((d) => d.resolved).filter((r) => isLocal.has(r))]),
);
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const cycles = [];
let next = 0;
function visit(v) {
  index.set(v, next);
  low.set(v, next);
  next += 1;
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (edges.get(v) ?? []).includes(v)) cycles.push(component.sort());
  }
}
for (const v of edges.keys()) if (!index.has(v)) visit(v);

const arrows = new Map();
let crossing = 0;
let crossingShipped = 0;
let typeOnly = 0;
for (const m of local) {
  for (const d of m.dependencies) {
    if (!isLocal.has(d.resolved)) continue;
    if (d.dependencyTypes.includes('type-only')) typeOnly += 1;
    const from = area(m.source);
    const to = area(d.resolved);
    if (from === to) continue;
    crossing += 1;
    if (!isTest(m.source)) crossingShipped += 1;
    arrows.set(`${from} -> ${to}`, (arrows.get(`${from} -> ${to}`) ?? 0) + 1);
  }
}

const dependencies = local.reduce((n, m) => n + m.dependencies.length, 0);
console.log(`modules: ${local.length} (local), dependencies: ${dependencies} (${typeOnly} local type-only)`);
console.log(`import cycles: ${cycles.length}`);
for (const c of cycles) console.log(`  ${c.join(' <-> ')}`);
console.log(`arrows between areas: ${crossing} (${crossingShipped} from shipped code, not tests)`);
const violations = output.summary.violations;
console.log(`boundary violations: ${violations.length}`);
for (const v of violations) {
  const via = v.cycle ? ` (cycle: ${v.cycle.map((c) => c.name ?? c).join(' -> ')})` : '';
  console.log(`  ${v.rule.name}: ${v.from} -> ${v.to}${via}`);
}
if (showAll) {
  console.log('arrows (from -> to: count):');
  for (const [k, n] of [...arrows].sort()) console.log(`  ${k}: ${n}`);
}
