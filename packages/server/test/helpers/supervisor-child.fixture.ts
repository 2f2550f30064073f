/**
 * Test fixture (janus.test.ts): a process that supervises a Janus and reports its pid, so the test
 * can kill this process outright and see what becomes of the Janus and its folder (in
 * SAMTALE_JANUS_TEMP when set, so the test can look there alone).
 */
import { JanusSupervisor } from '../../src/media/sfu/janus/JanusSupervisor.ts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const tempDir = process.env.SAMTALE_JANUS_TEMP;
const supervisor = new JanusSupervisor({
  rtpPortRange: { min: 20440, max: 20460 },
  log: silent,
  ...(tempDir === undefined ? {} : { tempDir }),
});
await supervisor.start();
process.send?.({ pid: supervisor.pid, configDir: supervisor.configDir });
// Stays up until killed.
setInterval(() => undefined, 60_000);
