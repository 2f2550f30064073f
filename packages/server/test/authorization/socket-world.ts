/**
 * One consultation per socket-matrix cell: the host in the call, a patient and a relative admitted,
 * a second patient waiting, a colleague and the admin watching their dashboards, and a socket that
 * never joined. Built straight into storage and through the real gateway.
 */
import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION } from '@samtale/protocol';
import type { Storage } from '../../src/storage/types.ts';
import {
  addClinician,
  joinAsHostMessage,
  joinWithLinkMessage,
  newConsultation,
  type Clinic,
  type Clinician,
  type SignalingServer,
} from '../helpers/signaling-fixtures.ts';
import type { TestClient } from '../helpers/TestClient.ts';

/** Who the socket matrix tells apart (see socket-matrix.ts). */
export const SOCKET_ACTORS = [
  'host',
  'admittedPatient',
  'relative',
  'waitingPatient',
  'otherClinician',
  'admin',
  'anonymous',
] as const;
export type SocketActor = (typeof SOCKET_ACTORS)[number];

type Joined = Exclude<SocketActor, 'otherClinician' | 'admin' | 'anonymous'>;

export interface SocketWorld {
  consultationId: string;
  ids: Record<Joined, string>;
  client(actor: SocketActor): TestClient;
  /** Closes every socket of the world (the gateway caps sockets per address). */
  close(): Promise<void>;
}

/** The organisation's admin, with a live session. */
export function addAdmin(storage: Storage, organisationId: string): Promise<Clinician> {
  return addClinician(storage, organisationId, 'Ada Admin', { method: 'password' }, 'admin');
}

export async function socketWorld(
  storage: Storage,
  server: SignalingServer,
  clinic: Clinic,
  admin: Clinician,
): Promise<SocketWorld> {
  const { consultation, link } = await newConsultation(storage, clinic);
  const clients = new Map<SocketActor, TestClient>();
  const ids: Partial<Record<Joined, string>> = {};

  const host = await server.connect(clinic.clinician.cookie);
  host.send(joinAsHostMessage(consultation.id));
  ids.host = (await host.next('welcome')).participantId;
  await host.next('admitted');
  clients.set('host', host);

  const viaLink = async (actor: Joined, role: 'patient' | 'relative', name: string, admit: boolean) => {
    const client = await server.connect();
    client.send(joinWithLinkMessage(await link(role), name, `join-${randomUUID()}`));
    const id = (await client.next('welcome')).participantId;
    await client.next('waiting');
    if (admit) {
      host.send({ type: 'admit', participantId: id });
      await client.next('admitted');
      await client.next('roster');
    }
    ids[actor] = id;
    clients.set(actor, client);
  };
  await viaLink('admittedPatient', 'patient', 'Kari Pasient', true);
  await viaLink('relative', 'relative', 'Ola Pårørende', true);
  await viaLink('waitingPatient', 'patient', 'Per Venter', false);

  for (const [actor, who] of [
    ['otherClinician', clinic.colleague],
    ['admin', admin],
  ] as const) {
    const dashboard = await server.connect(who.cookie);
    dashboard.send({ type: 'watchDashboard', protocolVersion: PROTOCOL_VERSION });
    await dashboard.next('dashboard');
    clients.set(actor, dashboard);
  }
  clients.set('anonymous', await server.connect());

  // Everything the setting up sent has arrived (and is behind each client's cursor): what comes
  // next is the cell's.
  for (const client of clients.values()) await client.barrier();

  return {
    consultationId: consultation.id,
    ids: ids as Record<Joined, string>,
    client(actor) {
      const client = clients.get(actor);
      if (!client) throw new TypeError(`no socket for ${actor}`);
      return client;
    },
    async close() {
      await Promise.all([...clients.values()].filter((c) => c.isOpen).map((c) => c.close()));
    },
  };
}
