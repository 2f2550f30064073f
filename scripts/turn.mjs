// `npm run turn`: a local coturn for development, on 127.0.0.1 with a generated shared secret.
// Prints the environment to give the Samtale server (TURN_SECRET, TURN_URLS) and runs until
// Ctrl+C; the configuration lives in a private temporary folder deleted on exit. The same
// CoturnProcess starts coturn in the tests. Production: deploy/coturn/ and README "TURN (coturn)".
import { tsImport } from 'tsx/esm/api';

const { CoturnProcess } = await tsImport('../packages/server/src/media/turn/CoturnProcess.ts', import.meta.url);

const isVerbose = process.argv.includes('--verbose');
let turn;
try {
  turn = await CoturnProcess.start(isVerbose ? { onLog: (line) => console.log(`[coturn] ${line}`) } : {});
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  if (error instanceof Error && error.cause) console.error(error.cause);
  console.error('Is coturn installed? On Debian/Ubuntu: sudo apt-get install coturn');
  process.exit(1);
}

const env = turn.serverEnv;
console.log(
  `coturn is running on ${turn.host}:${turn.port} (UDP and TCP), relaying from ${turn.relayIp}, realm ${turn.realm}.`,
);
console.log('Start the server with:');
console.log(`  TURN_SECRET='${env.TURN_SECRET}' TURN_URLS='${env.TURN_URLS}' npm start`);
console.log('Loopback peers are allowed here for development only. Ctrl+C stops coturn.');

let isStopping = false;
const stop = async () => {
  if (isStopping) return;
  isStopping = true;
  await turn.stop();
  process.exit(0);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop());
await turn.exited;
if (!isStopping) {
  console.error('coturn exited unexpectedly; run with --verbose to see its log.');
  await turn.stop();
  process.exit(1);
}
