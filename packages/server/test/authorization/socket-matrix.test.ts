/**
 * Asserts the socket authorization matrix (`socket-matrix.ts`) cell by cell over a real gateway
 * and real storage: an allowed message has its effect; a refused one is answered by a coded error
 * with its id, nobody else receives anything, and no stored row changes.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ClientMessage, ERROR_CATALOGUE } from '@samtale/protocol';
import type { Storage } from '../../src/storage/types.ts';
import { pgliteBackend, type OpenedStorage } from '../helpers/storage-backends.ts';
import {
  seedClinic,
  startSignaling,
  testConfig,
  type Clinic,
  type Clinician,
  type SignalingServer,
} from '../helpers/signaling-fixtures.ts';
import { NOT_ACTIONS, SOCKET_ACTORS, SOCKET_MATRIX } from './socket-matrix.ts';
import { addAdmin, socketWorld } from './socket-world.ts';

/** Everything stored about the consultation's people, to compare before and after a refusal. */
async function snapshot(storage: Storage, consultationId: string) {
  const participants = await storage.participants.listByConsultation(consultationId);
  return {
    consultation: await storage.consultations.get(consultationId),
    participants: participants.map((p) => ({ id: p.id, state: p.state, role: p.role })),
    audit: (await storage.audit.list({ consultationId })).length,
  };
}

describe('socket authorization matrix (issue 8)', () => {
  let opened: OpenedStorage;
  let server: SignalingServer;
  let clinic: Clinic;
  let admin: Clinician;

  beforeAll(async () => {
    opened = await pgliteBackend.open();
    clinic = await seedClinic(opened.storage);
    admin = await addAdmin(opened.storage, clinic.organisationId);
    // Host, patient, relative and interpreter in the call, and room for the admit cell's one more.
    server = await startSignaling(opened.storage, { config: testConfig({ MESH_MAX: '6' }) });
  });
  afterAll(async () => {
    await server.close();
    await opened.dispose();
  });

  it('has a row, or a stated reason, for every client message type', () => {
    const types = ClientMessage.def.options.map((o) => o.def.shape.type.def.values[0]);
    const covered = [...SOCKET_MATRIX.map((r) => r.type), ...NOT_ACTIONS];
    expect(new Set(covered).size).toBe(covered.length);
    expect([...covered].sort()).toEqual([...types].sort());
  });

  for (const row of SOCKET_MATRIX) {
    for (const actor of SOCKET_ACTORS) {
      const allowed = row.allow.includes(actor);
      it(`${row.type} from ${actor}: ${allowed ? 'allowed' : 'refused'}`, async () => {
        const w = await socketWorld(opened.storage, server, clinic, admin);
        onTestFinished(() => w.close());
        const sender = w.client(actor);
        const id = `cell-${row.type}-${actor}`;
        if (allowed) {
          const mark = sender.received.length;
          sender.send({ ...row.message(w), id });
          await row.effect(w, actor);
          if (sender.isOpen) await sender.barrier();
          expect(sender.received.slice(mark).filter((m) => m.type === 'error')).toEqual([]);
          return;
        }
        const before = await snapshot(opened.storage, w.consultationId);
        const marks = new Map(SOCKET_ACTORS.map((a) => [a, w.client(a).received.length]));
        const error = await sender.expectError({ ...row.message(w), id });
        expect(error.ref).toBe(id);
        expect(error.code in ERROR_CATALOGUE).toBe(true);
        expect(['MESSAGE_MALFORMED', 'VALIDATION_FAILED', 'INTERNAL']).not.toContain(error.code);
        for (const other of SOCKET_ACTORS) {
          const client = w.client(other);
          if (!client.isOpen) continue;
          await client.barrier();
          const arrived = client.received.slice(marks.get(other)).map((m) => m.type);
          expect(
            arrived.filter((t) => t !== 'pong' && t !== 'error'),
            `${other} received`,
          ).toEqual([]);
        }
        expect(await snapshot(opened.storage, w.consultationId)).toEqual(before);
      });
    }
  }
});
