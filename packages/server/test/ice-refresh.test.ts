/**
 * TURN credentials are short-lived (TURN_TTL_SECONDS): an admitted participant gets fresh ICE
 * servers before theirs expire, so a long call can still make new connections and ICE restarts.
 */
import type { ServerMessageOf } from '@samtale/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends, type OpenedStorage } from './helpers/storage-backends.ts';
import {
  joinAsHostMessage,
  joinWithLinkMessage,
  newConsultation,
  seedClinic,
  startSignaling,
  testConfig,
  type Clinic,
  type SignalingServer,
} from './helpers/signaling-fixtures.ts';

const TURN_URL = 'turn:turn.example.org:3478?transport=udp';
const REFRESH_MS = 40;

const isIceServers = (m: { type: string }): m is ServerMessageOf<'iceServers'> => m.type === 'iceServers';

/** The TURN entry's username: `<expiry unix seconds>:<participantId>` (TURN REST API). */
function turnUser(servers: ServerMessageOf<'iceServers'>['iceServers']): string | undefined {
  return servers.find((s) => (Array.isArray(s.urls) ? s.urls : [s.urls]).includes(TURN_URL))?.username;
}

describe.each(storageBackends())('fresh ICE servers during a call on $name', (backend) => {
  let opened: OpenedStorage;
  let server: SignalingServer;
  let clinic: Clinic;

  beforeAll(async () => {
    opened = await backend.open();
    clinic = await seedClinic(opened.storage);
    server = await startSignaling(opened.storage, {
      config: testConfig({ TURN_SECRET: 'a-long-shared-turn-secret', TURN_URLS: TURN_URL }),
      iceRefreshMs: REFRESH_MS,
    });
  });

  afterAll(async () => {
    await server.close();
    await opened.dispose();
  });

  it('sends an admitted participant new TURN credentials again and again, and stops once they wait again', async () => {
    const { consultation, link } = await newConsultation(opened.storage, clinic);
    const host = await server.connect(clinic.clinician.cookie);
    host.send(joinAsHostMessage(consultation.id));
    await host.next('roster');
    const patient = await server.connect();
    patient.send(joinWithLinkMessage(await link()));
    const { participantId } = await patient.next('welcome');
    await patient.next('waiting');
    // Waiting: nothing to connect, nothing to refresh. The anchor: the host, in the call, gets two
    // refreshes after a barrier (so at least one refresh period has passed since the patient waits).
    await host.barrier();
    await host.nextWhere(isIceServers, 'a refresh for the host');
    await host.nextWhere(isIceServers, 'another refresh for the host');
    await patient.barrier();
    expect(patient.types()).not.toContain('iceServers');

    host.send({ type: 'admit', id: 'a1', participantId });
    const admitted = await patient.next('admitted');
    expect(turnUser(admitted.iceServers)).toMatch(new RegExp(`^\\d+:${participantId}$`));
    const first = await patient.nextWhere(isIceServers, 'iceServers');
    const second = await patient.nextWhere(isIceServers, 'iceServers');
    for (const refresh of [first, second]) {
      expect(turnUser(refresh.iceServers)).toMatch(new RegExp(`^\\d+:${participantId}$`));
      expect(refresh.iceServers).toContainEqual({ urls: 'stun:stun.example.org:3478' });
    }
    // The host, admitted too, is kept fresh as well.
    await host.nextWhere(isIceServers, 'iceServers for the host');

    host.send({ type: 'returnToWaiting', id: 'r1', participantId });
    await patient.next('returnedToWaiting');
    const countAfterReturn = patient.types().filter((t) => t === 'iceServers').length;
    // The anchor: two more refresh periods, as the host's own refreshes show.
    await host.barrier();
    await host.nextWhere(isIceServers, 'a refresh for the host after the return');
    await host.nextWhere(isIceServers, 'another refresh for the host after the return');
    await patient.barrier();
    expect(patient.types().filter((t) => t === 'iceServers')).toHaveLength(countAfterReturn);
  });
});
