/**
 * Test fixture (janus.test.ts): a process that supervises a Janus and reports its pid, so the test
 * can kill this process outright and see what becomes of the Janus.
 */
import { JanusSupervisor } from '../../src/media/sfu/janus/JanusSupervisor.ts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const supervisor = new JanusSupervisor({ rtpPortRange: { min: 20440, max: 20460 }, log: silent });
await supervisor.start();
process.send?.({ pid: supervisor.pid });
// Stays up until killed.
setInterval(() => undefined, 60_000);
