// `npm start`: builds the web app when it is missing or older than its sources (unless
// WEB_DIST_DIR names another build), then runs the
// server from its TypeScript sources (tsx, no build step). Signals are forwarded to the server and
// its exit code becomes ours, so process managers see the real outcome. package.json's `exec` makes
// this process npm's child in place of a shell: a process manager's SIGTERM to the whole group
// would kill that shell, and npm would exit at once, before the server had shut down. A signal
// to the group reaches the server twice (directly and forwarded from here); it shuts down once.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import path from 'node:path';
import { ensureWebBuild, root } from './web-build.mjs';

// WEB_DIST_DIR: the operator serves a build of their own, so ours would not be used.
if (process.env.WEB_DIST_DIR === undefined) ensureWebBuild();

const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'packages/server/src/main.ts')], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 1) : 1));
});
