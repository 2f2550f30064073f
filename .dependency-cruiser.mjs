/**
 * The import boundaries of the design (DESIGN.md, "Layout"; issue 7), checked by dependency-cruiser
 * in `npm run lint` (so in `npm run check` and `npm test`). Why this tool: docs/adr/0011.
 * Type-only imports count (`tsPreCompilationDeps`): a type cycle is a design cycle too.
 *
 * Paths are resolved ones: a workspace import such as `@samtale/protocol` is followed through
 * its node_modules link to `packages/protocol/src/...`, so rules speak of folders, not names.
 */

const TEST_FILE = '(^|/)test/|\\.test\\.tsx?$|\\.fixture\\.ts$';
const SRC = 'packages/server/src/';
const SERVER = `^${SRC}`;

/** Test-only libraries a pure module's tests may use beside the module itself. */
const TEST_LIBRARIES = '^node_modules/(vitest|@vitest|fast-check)/';

/** The builders of the room tests: a test helper that is as pure as the rules it builds. */
const ROOM_FIXTURES = '^packages/server/test/helpers/room-fixtures\\.ts$';

/**
 * TEMPORARY (issue 7, items 1–2): imports that break a rule inside folders the lead is
 * restructuring right now (application/, media/sfu/, signaling/, rooms/). Each entry exempts
 * exactly one import (one file to one file) from one rule, nothing else; the boundaries test
 * fails when an entry no longer matches an import, so that it is removed with the fix.
 * Do not add entries for other folders: fix the import instead.
 */
export const TEMPORARY_EXCEPTIONS = [];

/** `^path$` for one file. */
const exactly = (path) => `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;

/** A pattern or list of patterns as a list. */
const asList = (patterns) => (patterns === undefined ? [] : [patterns].flat());

/**
 * The rule, minus the TEMPORARY_EXCEPTIONS for it: files with exceptions leave the rule and
 * come back as one rule each that does not look at the exempted targets.
 */
function withTemporaryExceptions(rule) {
  const exceptions = TEMPORARY_EXCEPTIONS.filter((e) => e.rule === rule.name);
  const files = [...new Set(exceptions.map((e) => e.from))];
  if (files.length === 0) return [rule];
  const general = { ...rule, from: { ...rule.from, pathNot: [...asList(rule.from.pathNot), ...files.map(exactly)] } };
  const { pathNot: _ignored, ...from } = rule.from;
  const perFile = files.map((file) => ({
    ...rule,
    from: { ...from, path: exactly(file) },
    to: {
      ...rule.to,
      pathNot: [...asList(rule.to.pathNot), ...exceptions.filter((e) => e.from === file).map((e) => exactly(e.to))],
    },
  }));
  return [general, ...perFile];
}

/** The rules as the design states them, before TEMPORARY_EXCEPTIONS (for scripts/import-graph.mjs). */
export const RULES = [
  {
    name: 'no-circular',
    severity: 'error',
    comment: 'No import cycles anywhere, type-only imports included (DESIGN.md, CONVENTIONS.md "Avoid").',
    from: {},
    to: { circular: true },
  },
  {
    name: 'web-not-server',
    severity: 'error',
    comment: 'The web app talks to the server over HTTP and WebSocket only (DESIGN.md).',
    from: { path: '^packages/web/' },
    to: { path: '^packages/server/' },
  },
  {
    name: 'client-core-not-web-or-server',
    severity: 'error',
    comment: 'client-core is the UI-free call engine: it knows nothing of the web app or the server.',
    from: { path: '^packages/client-core/src/' },
    to: { path: '^packages/(web|server)/' },
  },
  {
    name: 'client-core-no-node-builtins',
    severity: 'error',
    comment: 'client-core runs in browsers and Workers; its tests may use Node, its code may not.',
    from: { path: '^packages/client-core/src/', pathNot: TEST_FILE },
    to: { dependencyTypes: ['core'] },
  },
  {
    name: 'protocol-zod-only',
    severity: 'error',
    comment: 'protocol depends on zod alone: it is imported by the server and by browsers.',
    from: { path: '^packages/protocol/src/', pathNot: TEST_FILE },
    to: { pathNot: ['^packages/protocol/src/', '^node_modules/zod/'] },
  },
  {
    name: 'protocol-tests-zod-and-test-libraries',
    severity: 'error',
    comment: 'protocol tests may add vitest and fast-check, nothing of the other packages.',
    from: { path: '^packages/protocol/src/.*\\.test\\.ts$' },
    to: { pathNot: ['^packages/protocol/src/', '^node_modules/zod/', TEST_LIBRARIES] },
  },
  {
    name: 'server-not-clients',
    severity: 'error',
    comment: 'The server shares only protocol with the clients.',
    from: { path: SERVER, pathNot: TEST_FILE },
    to: { path: '^packages/(web|client-core)/' },
  },
  {
    name: 'rooms-pure',
    severity: 'error',
    comment:
      'rooms/ holds the pure room rules: no I/O, no storage, no Fastify, ws, pg or janode, no node: ' +
      'builtins, no shell errors — only protocol and its own files (DESIGN.md, CONVENTIONS.md 3).',
    from: { path: `${SERVER}rooms/`, pathNot: TEST_FILE },
    to: { pathNot: [`${SERVER}rooms/`, '^packages/protocol/src/'] },
  },
  {
    name: 'rooms-tests-pure',
    severity: 'error',
    comment: 'Tests of the pure rules (and their builders) use the rules, protocol and the test libraries only.',
    from: { path: [`${SERVER}rooms/.*\\.test\\.ts$`, ROOM_FIXTURES] },
    to: { pathNot: [`${SERVER}rooms/`, '^packages/protocol/src/', TEST_LIBRARIES, ROOM_FIXTURES] },
  },
  {
    name: 'storage-not-shell',
    severity: 'error',
    comment:
      'storage is below the shell: it does not import http/, signaling/, application/, admin/, ' +
      "the app, Fastify or ws, nor the shell's AppError — it throws its own StorageError, which " +
      'the shell maps to catalogue codes (issue 7).',
    from: { path: `${SERVER}storage/`, pathNot: TEST_FILE },
    to: {
      path: [
        `${SERVER}(http|signaling|application|admin|auth|media|rooms)/`,
        `${SERVER}(app|main|cli|errors)\\.ts$`,
        '^node_modules/(fastify|@fastify|ws)/',
      ],
    },
  },
  {
    name: 'src-not-tests',
    severity: 'error',
    comment: 'Shipped code never imports a test or a test helper (helpers live in test/).',
    from: { path: '^packages/[^/]+/src/', pathNot: TEST_FILE },
    to: { path: TEST_FILE },
  },
  {
    name: 'application-not-gateway-or-http',
    severity: 'error',
    comment: 'application/ (use cases) is called by the gateway and the HTTP plugins, never the reverse.',
    from: { path: `${SERVER}application/`, pathNot: TEST_FILE },
    to: { path: `${SERVER}(signaling|http)/` },
  },
  {
    name: 'media-not-application-gateway-or-http',
    severity: 'error',
    comment: 'media/ (ICE, TURN, the SFU adapter and Janus) is a port used by the layers above it.',
    from: { path: `${SERVER}media/`, pathNot: TEST_FILE },
    to: { path: `${SERVER}(application|signaling|http)/` },
  },
  {
    name: 'auth-not-gateway-or-http',
    severity: 'error',
    comment: 'auth/ (sessions, tokens, identity) is used by the HTTP plugins and the gateway, never the reverse.',
    from: { path: `${SERVER}auth/`, pathNot: TEST_FILE },
    to: { path: `${SERVER}(signaling|http)/` },
  },
  {
    name: 'scheduling-not-gateway-or-http',
    severity: 'error',
    comment:
      'scheduling/ (appointment use cases, issue 9) is used by the HTTP plugins and the gateway, never the reverse.',
    from: { path: `${SERVER}scheduling/`, pathNot: TEST_FILE },
    to: { path: `${SERVER}(signaling|http|application)/` },
  },
  {
    name: 'retention-not-gateway-or-http',
    severity: 'error',
    comment:
      'retention/ (the purge job and the compliance overview, issue 8) is used by the app and the HTTP plugins, never the reverse.',
    from: { path: `${SERVER}retention/`, pathNot: TEST_FILE },
    to: { path: `${SERVER}(signaling|http|application|admin)/` },
  },
  {
    name: 'notify-is-a-leaf',
    severity: 'error',
    comment: 'notify/ (e-mail, iCalendar) turns a message into bytes on the wire; it knows no storage or use case.',
    from: { path: `${SERVER}notify/`, pathNot: TEST_FILE },
    to: { path: `${SERVER}(signaling|http|application|scheduling|storage|rooms|auth|media)/` },
  },
  {
    name: 'not-to-unresolvable',
    severity: 'error',
    comment: 'An import the checker cannot resolve cannot be checked (and usually is a typo).',
    from: {},
    to: { couldNotResolve: true },
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: RULES.flatMap(withTemporaryExceptions),
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules is not followed, but not excluded either: imports of packages must stay visible
    // to the rules (protocol-zod-only, storage-not-shell).
    exclude: { path: ['(^|/)dist/', '^\\.tmp/', '^packages/web/public/'] },
    // Type-only imports are dependencies too: they are what a cycle of types is made of.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
