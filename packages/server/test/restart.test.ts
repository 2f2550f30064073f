/**
 * A server restart during a call: the whole app is closed, the embedded database closed and
 * reopened from disk, a new app built — and participants who resume are still admitted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@samtale/protocol';
import { buildApp } from '../src/app.ts';
import { InMemoryBus } from '../src/cluster/InMemoryBus.ts';
import { openStorage, type KyselyStorage } from '../src/storage/create-storage.ts';
import {
  fromListening,
  joinAsHostMessage,
  joinWithLinkMessage,
  newConsultation,
  seedClinic,
  testConfig,
  type SignalingServer,
} from './helpers/signaling-fixtures.ts';

async function start(
  dataDir: string,
  waitingGraceMs?: number,
): Promise<{ server: SignalingServer; storage: KyselyStorage }> {
  const storage = await openStorage({ kind: 'pglite', dataDir });
  await storage.migrate();
  const bus = new InMemoryBus();
  const app: FastifyInstance = await buildApp(testConfig({ DATA_DIR: dataDir }), {
    storage,
    bus,
    logger: false,
    ...(waitingGraceMs === undefined ? {} : { waitingGraceMs }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const server = fromListening(app, async () => {
    await app.close();
    await bus.close();
    await storage.close();
  });
  return { server, storage };
}

describe('signaling across a server restart', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'samtale-restart-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'lets host and patient resume after a restart without the patient being admitted again',
    { timeout: 90_000 },
    async () => {
      const before = await start(dataDir);
      const clinic = await seedClinic(before.storage);
      const { consultation, link } = await newConsultation(before.storage, clinic);
      const host = await before.server.connect(clinic.clinician.cookie);
      host.send(joinAsHostMessage(consultation.id));
      const hostWelcome = await host.next('welcome');
      const patient = await before.server.connect();
      patient.send(joinWithLinkMessage(await link()));
      const patientWelcome = await patient.next('welcome');
      host.send({ type: 'admit', participantId: patientWelcome.participantId });
      await patient.next('roster');
      // The server goes away first: clients see 1001 "going away" and reconnect.
      await before.server.stop();
      expect((await patient.closed).code).toBe(1001);

      const after = await start(dataDir);
      try {
        const patientAgain = await after.server.connect();
        patientAgain.send({
          type: 'resume',
          protocolVersion: PROTOCOL_VERSION,
          resumeToken: patientWelcome.resumeToken,
        });
        expect(await patientAgain.next('welcome')).toMatchObject({
          participantId: patientWelcome.participantId,
          state: 'admitted',
        });
        await patientAgain.next('admitted');
        await patientAgain.next('roster');

        const hostAgain = await after.server.connect(clinic.clinician.cookie);
        hostAgain.send({ type: 'resume', protocolVersion: PROTOCOL_VERSION, resumeToken: hostWelcome.resumeToken });
        expect(await hostAgain.next('welcome')).toMatchObject({
          participantId: hostWelcome.participantId,
          state: 'admitted',
        });
        const roster = await patientAgain.next('roster', (r) =>
          r.participants.some((p) => p.id === hostWelcome.participantId && p.isConnected),
        );
        expect(roster.participants.map((p) => p.state)).toEqual(['admitted', 'admitted']);
        const admits = (await after.storage.audit.list({ consultationId: consultation.id })).filter(
          (e) => e.action === 'admitted',
        );
        expect(admits).toHaveLength(1);
      } finally {
        await after.server.close();
      }
    },
  );

  it('stops showing someone as waiting when they do not come back after a restart', { timeout: 90_000 }, async () => {
    const before = await start(dataDir);
    const clinic = await seedClinic(before.storage);
    const { consultation, link } = await newConsultation(before.storage, clinic);
    const patient = await before.server.connect();
    patient.send(joinWithLinkMessage(await link()));
    const welcome = await patient.next('welcome');
    await patient.next('waiting');
    await before.server.stop();

    // Nobody connects after the restart: the grace period must still run out by itself.
    const after = await start(dataDir, 200);
    try {
      await expect
        .poll(async () => (await after.storage.participants.get(welcome.participantId))?.state, {
          timeout: 20_000,
          interval: 100,
        })
        .toBe('left');
      const views = await after.storage.consultations.viewsForOwner(clinic.clinician.user.id);
      expect(views.find((v) => v.id === consultation.id)?.waiting).toEqual([]);
    } finally {
      await after.server.stop();
    }
  });
});
