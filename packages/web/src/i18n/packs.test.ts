/**
 * Each text is in the pack its users need (ADR 0024): the patient's first page carries only the
 * texts of files on the patient's path (reachable from main.tsx and the patient-side pages, not
 * through App.tsx's other lazy pages), and a staff text read there would show its key instead.
 * The import graph comes from dependency-cruiser, as `npm run lint:imports` reads it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cruise } from 'dependency-cruiser';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const WEB = 'packages/web/src/';
/** Pages a patient (or anyone without a login) opens: App.tsx loads them without the staff pack. */
const PATIENT_ROOTS = [
  'main.tsx',
  'pages/patient/PatientPage.tsx',
  'pages/equipment/EquipmentTestPage.tsx',
  'pages/NotFoundPage.tsx',
  'pages/accessibility/AccessibilityPage.tsx',
];
/** Keys every page may need whoever uses them: the error texts and the language names. */
const isAlwaysCore = (key: string): boolean =>
  key.startsWith('error.') || key.startsWith('language.') || key === 'app.name';

interface Module {
  source: string;
  dependencies: { resolved: string; dynamic: boolean }[];
}

const keysOf = (file: string): string[] =>
  [...readFileSync(path.join(ROOT, WEB, file), 'utf8').matchAll(/^ {2}'([^']+)':/gm)].map((m) => m[1] ?? '');

let patientUse: Set<string>;
let anyUse: Set<string>;
const core = keysOf('i18n/nb.ts');
const staff = keysOf('i18n/staff/nb.ts');

beforeAll(async () => {
  const previous = process.cwd();
  process.chdir(ROOT);
  let modules: Module[];
  try {
    const result = await cruise([WEB], { doNotFollow: { path: 'node_modules' } });
    const output: unknown = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
    modules = (output as { modules: Module[] }).modules;
  } finally {
    process.chdir(previous);
  }
  const deps = new Map(modules.map((m) => [m.source, m.dependencies]));
  const onPatientPath = new Set<string>();
  const stack = PATIENT_ROOTS.map((f) => WEB + f);
  for (let file = stack.pop(); file !== undefined; file = stack.pop()) {
    if (onPatientPath.has(file)) continue;
    onPatientPath.add(file);
    for (const dep of deps.get(file) ?? []) {
      if (file === `${WEB}App.tsx` && dep.dynamic) continue;
      if (dep.resolved.startsWith(WEB)) stack.push(dep.resolved);
    }
  }
  patientUse = new Set();
  anyUse = new Set();
  const sources = modules
    .map((m) => m.source)
    .filter((f) => f.startsWith(WEB) && !f.includes('/i18n/') && !f.endsWith('.test.ts') && /\.tsx?$/.test(f));
  for (const file of sources) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    // Keys built from a prefix (`checklist.phase.${phase}`) count as used by that file.
    const prefixes = [...text.matchAll(/`([\w.]+\.)\$\{/g)].map((m) => m[1] ?? '');
    for (const key of [...core, ...staff]) {
      if (!text.includes(`'${key}'`) && !text.includes(`"${key}"`) && !prefixes.some((p) => key.startsWith(p)))
        continue;
      anyUse.add(key);
      if (onPatientPath.has(file)) patientUse.add(key);
    }
  }
}, 120_000);

describe("the texts' packs", () => {
  it('has no staff text that a file on the patient’s path reads', () => {
    expect(staff.filter((k) => patientUse.has(k))).toEqual([]);
  });

  it('carries no text on the first page that only staff screens read', () => {
    expect(core.filter((k) => !isAlwaysCore(k) && anyUse.has(k) && !patientUse.has(k))).toEqual([]);
  });

  it('has each key in one pack, and every key is read somewhere', () => {
    expect(core.filter((k) => staff.includes(k))).toEqual([]);
    expect([...core, ...staff].filter((k) => !isAlwaysCore(k) && !anyUse.has(k))).toEqual([]);
  });
});
