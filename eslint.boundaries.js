/**
 * The one boundary that is about globals, not imports (those are in .dependency-cruiser.mjs):
 * client-core uses no DOM beyond WebRTC, Media Capture, Workers and WebCrypto (DESIGN.md), so it
 * runs in a Worker, in Node tests and under any UI. Why these lists: docs/adr/0011.
 */

const PAGE_ONLY =
  'client-core is UI-free: it runs in Workers and tests too. Take what you need from the caller (see docs/adr/0011).';

/** Globals of a page (window, document, storage, navigation, layout), not of a call engine. */
export const PAGE_GLOBALS = [
  'window',
  'self',
  'document',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'location',
  'history',
  'screen',
  'alert',
  'confirm',
  'prompt',
  'open',
  'parent',
  'top',
  'opener',
  'frames',
  'customElements',
  'getComputedStyle',
  'matchMedia',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'Image',
  'Audio',
  'Option',
  'DOMParser',
  'MutationObserver',
  'ResizeObserver',
  'IntersectionObserver',
  'HTMLElement',
  'HTMLMediaElement',
  'HTMLVideoElement',
  'HTMLAudioElement',
  'HTMLCanvasElement',
];

const restrictedGlobals = PAGE_GLOBALS.map((name) => ({ name, message: PAGE_ONLY }));

/** The same globals reached through globalThis (`globalThis.document`). */
const restrictedProperties = PAGE_GLOBALS.map((property) => ({ object: 'globalThis', property, message: PAGE_ONLY }));

/**
 * `navigator` only for `navigator.mediaDevices` (Media Capture, the device side of WebRTC): the
 * rest of it (userAgent, clipboard, storage, permissions, ...) belongs to the page.
 */
const navigatorOtherThanMediaDevices = {
  selector:
    "Identifier[name='navigator']" +
    ":not(MemberExpression[property.name='mediaDevices'] > Identifier.object)" +
    ':not(MemberExpression > Identifier.property)' +
    ':not(Property > Identifier.key)',
  message: 'client-core may use navigator.mediaDevices only (see docs/adr/0011).',
};

/**
 * Files allowed one page global each, for a default the caller can replace.
 * Keep this short; each entry says why.
 */
export const PAGE_GLOBAL_EXCEPTIONS = [
  {
    // The default store of resume tokens (a reload of the tab resumes the call); callers and
    // tests inject their own `ResumeTokenStorage`, and a Worker gets an in-memory one.
    files: ['packages/client-core/src/session/resume-token-store.ts'],
    allowed: ['sessionStorage'],
  },
];

/**
 * ESLint config objects for client-core's globals (spread into eslint.config.js).
 * @type {import('eslint').Linter.Config[]}
 */
export const clientCoreGlobals = [
  {
    files: ['packages/client-core/src/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...restrictedGlobals],
      'no-restricted-properties': ['error', ...restrictedProperties],
      'no-restricted-syntax': ['error', navigatorOtherThanMediaDevices],
    },
  },
  ...PAGE_GLOBAL_EXCEPTIONS.map(({ files, allowed }) => ({
    files,
    rules: {
      'no-restricted-globals': ['error', ...restrictedGlobals.filter((g) => !allowed.includes(g.name))],
      'no-restricted-properties': ['error', ...restrictedProperties.filter((p) => !allowed.includes(p.property))],
    },
  })),
];
