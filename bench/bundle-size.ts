/**
 * JavaScript on the patient's path before joining, brotli-compressed (what a browser downloads
 * from a server that precompresses), beside livekit-client bundled for a minimal join.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { build } from 'esbuild';
import { z } from 'zod';

export const WEB_DIST = path.resolve(import.meta.dirname, '../packages/web/dist');

/** Brotli at maximum quality, as for precompressed static files. */
export function brotliSize(content: Buffer | string): number {
  return brotliCompressSync(content, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
  }).length;
}

export interface JsMeasure {
  files: string[];
  rawBytes: number;
  brotliBytes: number;
}

function measureFiles(files: string[]): JsMeasure {
  let rawBytes = 0;
  let brotliBytes = 0;
  for (const file of files) {
    const content = readFileSync(path.join(WEB_DIST, file));
    rawBytes += content.length;
    brotliBytes += brotliSize(content);
  }
  return { files, rawBytes, brotliBytes };
}

const ManifestChunk = z.object({
  file: z.string(),
  isEntry: z.boolean().optional(),
  imports: z.array(z.string()).optional(),
});
const Manifest = z.record(z.string(), ManifestChunk);

/**
 * The entry chunk of index.html and everything it imports statically, from Vite's build
 * manifest (`build.manifest: true`). Dynamic imports are left out: they load later, if at all.
 * Without a manifest, falls back to the scripts and modulepreload links of index.html.
 */
export function entryJs(): JsMeasure & { source: string } {
  const manifestPath = path.join(WEB_DIST, '.vite/manifest.json');
  if (existsSync(manifestPath)) {
    const manifest = Manifest.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
    const files = new Set<string>();
    const visit = (key: string): void => {
      const chunk = manifest[key];
      if (!chunk || files.has(chunk.file)) return;
      files.add(chunk.file);
      for (const imported of chunk.imports ?? []) visit(imported);
    };
    for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
    return { ...measureFiles([...files].filter((f) => f.endsWith('.js'))), source: 'Vite manifest' };
  }
  const html = readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/?([^"]+\.js)"/g)]
    .map((m) => m[1])
    .filter((f): f is string => f !== undefined);
  return { ...measureFiles(files), source: 'index.html (no Vite manifest)' };
}

/** JS files the browser fetched, given as URL paths below the web root. */
export function measureServedJs(urlPaths: string[]): JsMeasure {
  return measureFiles(urlPaths.map((p) => p.replace(/^\//, '')).filter((f) => existsSync(path.join(WEB_DIST, f))));
}

/** livekit-client for the smallest join a client could do, minified like a production build. */
export async function livekitMinimalJoin(): Promise<JsMeasure> {
  const result = await build({
    stdin: {
      contents: "import { Room } from 'livekit-client';\nconst room = new Room();\nawait room.connect(globalThis.url, globalThis.token);\n",
      resolveDir: import.meta.dirname,
      loader: 'js',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output');
  return { files: ['livekit-client (esbuild)'], rawBytes: output.contents.length, brotliBytes: brotliSize(Buffer.from(output.contents)) };
}
