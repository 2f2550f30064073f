/**
 * One consultation per socket-matrix cell: the host in the call, a patient, a relative and an
 * interpreter (a guest) admitted, a second patient waiting, a third waiting who identified with
 * ID-porten, a colleague and the admin watching their dashboards, and a socket that never joined.
 * Built straight into storage and through the real gateway (the matrix's server lets six in).
 */
import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION } from '@samtale/protocol';
import { IdentityHasher } from '../../src/auth/IdentityHasher.ts';
import { IDPORTEN_COOKIE, saveIdportenIdentification } from '../../src/auth/oidc/idporten-grants.ts';
import { sha256Hex } from '../../src/auth/tokens.ts';
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
  'interpreter',
  'waitingPatient',
  'identifiedPatient',
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

/** Stores an ID-porten identification (level high) for the link `token` and returns its cookie value. */
async function idportenGrant(storage: Storage, token: string): Promise<string> {
  const invitation = await storage.invitations.findByTokenHash(sha256Hex(token));
  if (invitation === undefined) throw new TypeError('the link was just made');
  const pidHmac = new IdentityHasher(Buffer.alloc(32, 7)).hmac('01817299926');
  return saveIdportenIdentification(
    storage,
    invitation.id,
    { level: 'high', pidHmac, birthDate: '1972-01-01' },
    new Date(),
  );
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

  const viaLink = async (
    actor: Joined,
    role: 'patient' | 'relative' | 'interpreter',
    name: string,
    admit: boolean,
    identify = false,
  ) => {
    const token = await link(role);
    // An ID-porten identification as its callback stores it, found by the join through its cookie.
    const grant = identify ? await idportenGrant(storage, token) : undefined;
    const client = await server.connect(grant === undefined ? undefined : `${IDPORTEN_COOKIE}=${grant}`);
    client.send(joinWithLinkMessage(token, name, `join-${randomUUID()}`));
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
  await viaLink('interpreter', 'interpreter', 'Ina Tolk', true);
  await viaLink('waitingPatient', 'patient', 'Per Venter', false);
  await viaLink('identifiedPatient', 'patient', 'Ida Identifisert', false, true);
  const identified = await storage.participants.get(ids.identifiedPatient ?? '');
  if (identified?.identification.kind !== 'idporten') throw new TypeError('the ID-porten grant was not taken at join');

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
