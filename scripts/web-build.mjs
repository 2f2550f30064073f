// Builds the web app when packages/web/dist is missing or older than its sources. Used by
// `npm start` and `npm run bench`; run directly (`node scripts/web-build.mjs`) it does the same.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = path.join(root, 'packages/web/dist/index.html');
// The web bundle includes client-core and protocol, so their sources count as web sources too.
const webSources = [
  'packages/web/src',
  'packages/web/index.html',
  'packages/web/vite.config.ts',
  'packages/web/public',
  'packages/client-core/src',
  'packages/protocol/src',
].map((p) => path.join(root, p));

/** Newest modification time (ms) of a file or of any file below a folder; 0 when absent. */
function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const stat = statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

export function isWebBuildStale() {
  if (!existsSync(builtIndex)) return true;
  const builtAt = statSync(builtIndex).mtimeMs;
  return webSources.some((p) => newestMtime(p) > builtAt);
}

/** Builds when stale; exits the process with the build's status when the build fails. */
export function ensureWebBuild() {
  if (!isWebBuildStale()) return;
  console.log('Building the web app (packages/web/dist is missing or older than its sources)...');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('The web app did not build; see the messages above.');
    process.exit(build.status ?? 1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) ensureWebBuild();
