/**
 * The boundary checks fail on a violation: dependency-cruiser with the project's rules over a
 * small tree that breaks each rule once (beside imports that are allowed), ESLint's client-core
 * globals rule over snippets, and the project's own tree with its temporary exceptions.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import projectConfig, { TEMPORARY_EXCEPTIONS } from '../.dependency-cruiser.mjs';
import { clientCoreGlobals } from '../eslint.boundaries.js';

const REPO = join(import.meta.dirname, '..');
const config: IConfiguration = projectConfig;

async function cruiseWithProjectRules(baseDir: string, roots: string[]): Promise<ICruiseResult> {
  const { output } = await cruise(roots, {
    ...config.options,
    baseDir,
    validate: true,
    ruleSet: { forbidden: config.forbidden ?? [] },
  });
  if (typeof output === 'string') throw new TypeError('expected a cruise result, got a report');
  return output;
}

const violationsOf = (result: ICruiseResult) =>
  result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();

/** A tree laid out like the project's, each file importing across one boundary (or not). */
const FIXTURE: Record<string, string> = {
  'node_modules/fastify/package.json': '{ "name": "fastify", "main": "index.js" }',
  'node_modules/fastify/index.js': 'export default function fastify() {}\n',
  'node_modules/zod/package.json': '{ "name": "zod", "exports": { "./mini": "./mini.js" } }',
  'node_modules/zod/mini.js': 'export const string = () => ({});\n',
  'node_modules/left-pad/package.json': '{ "name": "left-pad", "main": "index.js" }',
  'node_modules/left-pad/index.js': 'export default function leftPad() {}\n',

  'packages/protocol/src/index.ts': "import * as z from 'zod/mini';\nexport const Name = z.string();\n",
  'packages/protocol/src/pad.ts': "import leftPad from 'left-pad';\nexport const pad = leftPad;\n",

  'packages/server/src/app.ts': "import { Name } from '../../protocol/src/index.ts';\nexport const app = Name;\n",
  'packages/server/src/errors.ts': 'export class AppError extends Error {}\n',
  'packages/server/src/rooms/Room.ts':
    "import type { Name } from '../../../protocol/src/index.ts';\nimport { seat } from './seat.ts';\nexport type Room = typeof Name | typeof seat;\n",
  'packages/server/src/rooms/seat.ts': 'export const seat = 1;\n',
  'packages/server/src/rooms/clock.ts':
    "import { setTimeout } from 'node:timers/promises';\nexport const wait = setTimeout;\n",
  'packages/server/src/rooms/persist.ts':
    "import type { Repo } from '../storage/repo.ts';\nexport type Persisted = Repo;\n",
  'packages/server/src/storage/repo.ts': "import { AppError } from '../errors.ts';\nexport type Repo = AppError;\n",
  'packages/server/src/storage/plugin.ts': "import fastify from 'fastify';\nexport const f = fastify;\n",
  // A cycle made of type-only imports: erased at run time, still a design cycle.
  'packages/server/src/http/a.ts': "import type { B } from './b.ts';\nexport interface A { b?: B }\n",
  'packages/server/src/http/b.ts': "import type { A } from './a.ts';\nexport interface B { a?: A }\n",
  'packages/server/src/http/helper-user.ts':
    "import { helper } from '../../test/helpers/helper.ts';\nexport const h = helper;\n",
  'packages/server/src/application/joins.ts': "import type { A } from '../http/a.ts';\nexport type J = A;\n",
  'packages/server/src/media/sfu/adapter.ts':
    "import type { J } from '../../application/joins.ts';\nexport type M = J;\n",
  'packages/server/src/auth/session.ts': "import type { A } from '../http/a.ts';\nexport type S = A;\n",
  'packages/server/src/signaling/gateway.ts':
    "import type { J } from '../application/joins.ts';\nimport type { M } from '../media/sfu/adapter.ts';\nexport type G = J | M;\n",
  'packages/server/test/helpers/helper.ts': 'export const helper = 1;\n',

  'packages/client-core/src/engine.ts': "import { render } from '../../web/src/render.ts';\nexport const e = render;\n",
  'packages/client-core/src/fs.ts': "import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n",
  'packages/web/src/render.ts': "import { app } from '../../server/src/app.ts';\nexport const render = app;\n",
  'packages/web/src/typo.ts': "import { nothing } from './no-such-file.ts';\nexport const t = nothing;\n",
};

describe('the import rules (dependency-cruiser)', () => {
  let fixture: string;
  beforeAll(async () => {
    fixture = await mkdtemp(join(tmpdir(), 'samtale-boundaries-'));
    for (const [path, text] of Object.entries(FIXTURE)) {
      await mkdir(dirname(join(fixture, path)), { recursive: true });
      await writeFile(join(fixture, path), text);
    }
  });
  afterAll(() => rm(fixture, { recursive: true, force: true }));

  it('reports each import across a boundary, a type-only cycle included, and nothing that is allowed', async () => {
    const result = await cruiseWithProjectRules(fixture, ['packages']);
    const s = 'packages/server/src/';
    expect(violationsOf(result)).toEqual(
      [
        `application-not-gateway-or-http: ${s}application/joins.ts -> ${s}http/a.ts`,
        `auth-not-gateway-or-http: ${s}auth/session.ts -> ${s}http/a.ts`,
        'client-core-no-node-builtins: packages/client-core/src/fs.ts -> fs/promises',
        'client-core-not-web-or-server: packages/client-core/src/engine.ts -> packages/web/src/render.ts',
        `media-not-application-gateway-or-http: ${s}media/sfu/adapter.ts -> ${s}application/joins.ts`,
        `no-circular: ${s}http/a.ts -> ${s}http/b.ts`,
        'not-to-unresolvable: packages/web/src/typo.ts -> ./no-such-file.ts',
        'protocol-zod-only: packages/protocol/src/pad.ts -> node_modules/left-pad/index.js',
        `rooms-pure: ${s}rooms/clock.ts -> timers/promises`,
        `rooms-pure: ${s}rooms/persist.ts -> ${s}storage/repo.ts`,
        `src-not-tests: ${s}http/helper-user.ts -> packages/server/test/helpers/helper.ts`,
        `storage-not-shell: ${s}storage/plugin.ts -> node_modules/fastify/index.js`,
        `storage-not-shell: ${s}storage/repo.ts -> ${s}errors.ts`,
        `web-not-server: packages/web/src/render.ts -> ${s}app.ts`,
      ].sort(),
    );
    // The failing result is what makes `npm run lint` exit non-zero.
    expect(result.summary.error).toBe(14);
  });
});

describe("the project's own tree", () => {
  let result: ICruiseResult;
  beforeAll(async () => {
    result = await cruiseWithProjectRules(REPO, ['packages', 'e2e', 'bench', 'scripts']);
  });

  it('keeps every rule', () => {
    expect(violationsOf(result)).toEqual([]);
  });

  it('still has each import a temporary exception exempts (remove the exception with the import)', () => {
    const imports = new Set(result.modules.flatMap((m) => m.dependencies.map((d) => `${m.source} -> ${d.resolved}`)));
    const exceptions: readonly { from: string; to: string }[] = TEMPORARY_EXCEPTIONS;
    const stale = exceptions.filter((e) => !imports.has(`${e.from} -> ${e.to}`));
    expect(stale).toEqual([]);
  });
});

describe('the client-core globals rule (ESLint)', () => {
  const eslint = new ESLint({
    cwd: REPO,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...clientCoreGlobals],
  });
  const problems = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(REPO, filePath) });
    return (result?.messages ?? []).map((m) => `${m.line}: ${m.ruleId ?? 'parse error'}`);
  };

  it('refuses page globals in client-core, however they are reached', async () => {
    const code = [
      'export const title = document.title;',
      'export const width = window.innerWidth;',
      "export const saved = localStorage.getItem('k');",
      'export const agent = navigator.userAgent;',
      'export const doc = globalThis.document;',
      'export const el = (x: unknown) => x instanceof HTMLVideoElement;',
      "export const token = sessionStorage.getItem('k');",
    ].join('\n');
    expect(await problems('packages/client-core/src/call/fixture.ts', code)).toEqual([
      '1: no-restricted-globals',
      '2: no-restricted-globals',
      '3: no-restricted-globals',
      '4: no-restricted-syntax',
      '5: no-restricted-properties',
      '6: no-restricted-globals',
      '7: no-restricted-globals',
    ]);
  });

  it('allows WebRTC, media devices, Workers and WebCrypto, and the one listed exception', async () => {
    const code = [
      'export const pc = new RTCPeerConnection();',
      'export const devices = navigator.mediaDevices.enumerateDevices();',
      "export const worker = new Worker(new URL('./w.ts', import.meta.url), { type: 'module' });",
      'export const subtle = globalThis.crypto.subtle;',
      'export const isPolite = (self: { id: string }) => self.id;',
      'export const local = { navigator: 1 }.navigator;',
    ].join('\n');
    expect(await problems('packages/client-core/src/call/fixture.ts', code)).toEqual([]);
    expect(
      await problems('packages/client-core/src/session/resume-token-store.ts', 'export const s = sessionStorage;\n'),
    ).toEqual([]);
  });

  it('leaves the web app alone', async () => {
    expect(await problems('packages/web/src/fixture.ts', 'export const title = document.title;\n')).toEqual([]);
  });
});
