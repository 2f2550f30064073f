/**
 * Property-based fuzzing of the socket: thousands of malformed, misplaced and unauthorised
 * messages from a patient in the call, a patient in the waiting room and a stranger. Each one
 * is answered with the expected coded error, the sockets keep answering, the server keeps
 * accepting connections, and nothing stored changes.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, PROTOCOL_VERSION, type ErrorCode } from '@samtale/protocol';
import { storageBackends, type OpenedStorage } from './helpers/storage-backends.ts';
import type { Storage } from '../src/storage/types.ts';
import {
  joinAsHostMessage,
  joinWithLinkMessage,
  newConsultation,
  seedClinic,
  startSignaling,
  type SignalingServer,
} from './helpers/signaling-fixtures.ts';
import type { TestClient } from './helpers/TestClient.ts';

type Sender = 'admitted' | 'waiting' | 'stranger';
interface Case {
  from: Sender;
  payload: string | Buffer;
  isBinary?: boolean;
  /** Codes that may answer; the first message may meet any of them. */
  codes: readonly ErrorCode[];
  /** The request id the error must echo, when the message had a usable one. */
  ref?: string;
}

const ROOM_TYPES = [
  'leave',
  'signal',
  'mediaState',
  'admit',
  'decline',
  'messageWaiting',
  'returnToWaiting',
  'remove',
  'end',
];
const HOST_ACTIONS = ['admit', 'decline', 'returnToWaiting', 'remove'] as const;
const KNOWN_TYPES = new Set([...ROOM_TYPES, 'join', 'resume', 'watchDashboard', 'ping']);

interface Ids {
  host: string;
  admitted: string;
  waiting: string;
}

function cases(ids: Ids): fc.Arbitrary<Case> {
  const from = fc.constantFrom<Sender>('admitted', 'waiting', 'stranger');
  const ref = fc.string({ minLength: 1, maxLength: 20 }).map((s) => `r-${s}`);
  const json = (value: object) => JSON.stringify(value);
  const uuid = fc.uuid({ version: 4 });

  const notJson = fc
    .string({ minLength: 1, maxLength: 200 })
    .filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    })
    .chain((payload) => from.map((f): Case => ({ from: f, payload, codes: ['MESSAGE_MALFORMED'] })));

  const anyJson = fc
    .jsonValue()
    .filter(
      (v) =>
        !(
          typeof v === 'object' &&
          v !== null &&
          !Array.isArray(v) &&
          'type' in v &&
          typeof v.type === 'string' &&
          KNOWN_TYPES.has(v.type)
        ),
    )
    .chain((v) => from.map((f): Case => ({ from: f, payload: JSON.stringify(v), codes: ['MESSAGE_INVALID'] })));

  const unknownType = fc
    .tuple(
      from,
      fc.string({ maxLength: 30 }).filter((t) => !KNOWN_TYPES.has(t)),
      ref,
    )
    .map(([f, type, id]): Case => ({ from: f, payload: json({ type, id }), codes: ['MESSAGE_INVALID'], ref: id }));

  const wrongFieldTypes = fc
    // Not `leave` or `end`: they have no fields to get wrong (unknown keys are ignored).
    .tuple(
      from,
      fc.constantFrom(...ROOM_TYPES.filter((t) => t !== 'leave' && t !== 'end'), 'join', 'resume'),
      fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.nat())),
      ref,
    )
    .map(([f, type, junk, id]): Case => ({
      from: f,
      payload: json({
        type,
        id,
        participantId: junk,
        to: junk,
        data: junk,
        isAudioOn: junk,
        as: junk,
        resumeToken: junk,
        protocolVersion: 'one',
      }),
      codes: ['MESSAGE_INVALID'],
      ref: id,
    }));

  const oversized = fc.tuple(from, fc.integer({ min: 1, max: 2048 })).map(([f, extra]): Case => ({
    from: f,
    payload: json({ type: 'ping', pad: 'x'.repeat(MAX_MESSAGE_BYTES + extra) }),
    codes: ['MESSAGE_TOO_LARGE'],
  }));

  const binary = fc.tuple(from, fc.uint8Array({ minLength: 1, maxLength: 100 })).map(([f, bytes]): Case => ({
    from: f,
    payload: Buffer.from(bytes),
    isBinary: true,
    codes: ['MESSAGE_MALFORMED'],
  }));

  // Host actions by people who are not hosts, aimed at anyone (or no one).
  const target = fc.oneof(fc.constantFrom(ids.host, ids.admitted, ids.waiting), uuid);
  const hostAction = fc
    .tuple(fc.constantFrom<Sender>('admitted', 'waiting'), fc.constantFrom(...HOST_ACTIONS), target, ref)
    .map(([f, type, participantId, id]): Case => ({
      from: f,
      payload: json({ type, id, participantId }),
      codes: ['NOT_HOST'],
      ref: id,
    }));
  const endOrMessage = fc
    .tuple(fc.constantFrom<Sender>('admitted', 'waiting'), fc.boolean(), target, ref)
    .map(([f, isEnd, participantId, id]): Case => ({
      from: f,
      payload: json(isEnd ? { type: 'end', id } : { type: 'messageWaiting', id, participantId, text: 'hello' }),
      codes: ['NOT_HOST'],
      ref: id,
    }));

  const candidate = { kind: 'candidate', candidate: null };
  // Signals to strangers, to the waiting room, to oneself; and any signal from outside the call.
  const signalFromAdmitted = fc
    .tuple(fc.oneof(uuid, fc.constantFrom(ids.waiting, ids.admitted)), ref)
    .map(([to, id]): Case => ({
      from: 'admitted',
      payload: json({ type: 'signal', id, to, data: candidate }),
      codes: ['PARTICIPANT_NOT_FOUND'],
      ref: id,
    }));
  const signalFromWaiting = fc
    .tuple(fc.oneof(uuid, fc.constantFrom(ids.host, ids.admitted)), ref)
    .map(([to, id]): Case => ({
      from: 'waiting',
      payload: json({ type: 'signal', id, to, data: candidate }),
      codes: ['INVALID_STATE'],
      ref: id,
    }));

  // Out of order: joining twice, resuming while joined, room messages before joining.
  const joinedAgain = fc
    .tuple(fc.constantFrom<Sender>('admitted', 'waiting'), fc.boolean(), ref)
    .map(([f, isResume, id]): Case => ({
      from: f,
      payload: json(
        isResume
          ? { type: 'resume', id, protocolVersion: PROTOCOL_VERSION, resumeToken: 'C'.repeat(43) }
          : { ...joinWithLinkMessage('D'.repeat(32)), id },
      ),
      codes: ['ALREADY_JOINED'],
      ref: id,
    }));
  const beforeJoin = fc.tuple(fc.constantFrom(...ROOM_TYPES), uuid, ref).map(([type, participantId, id]): Case => ({
    from: 'stranger',
    payload: json({
      type,
      id,
      participantId,
      to: participantId,
      data: candidate,
      isAudioOn: true,
      isVideoOn: false,
      text: 'x',
    }),
    codes: ['NOT_JOINED'],
    ref: id,
  }));
  const strangerEntries = fc
    .tuple(fc.integer({ min: 0, max: 3 }), fc.base64String({ minLength: 16, maxLength: 64 }), uuid, ref)
    .map(([kind, token, consultationId, id]): Case => {
      const payloads: [object, ErrorCode][] = [
        [{ ...joinWithLinkMessage(token.padEnd(16, 'A')), id }, 'INVITATION_INVALID'],
        [
          { type: 'resume', id, protocolVersion: PROTOCOL_VERSION, resumeToken: token.padEnd(16, 'A') },
          'RESUME_INVALID',
        ],
        [{ ...joinAsHostMessage(consultationId), id }, 'UNAUTHENTICATED'],
        [{ type: 'watchDashboard', id, protocolVersion: PROTOCOL_VERSION }, 'UNAUTHENTICATED'],
      ];
      const [payload, code] = payloads[kind] ?? payloads[0]!;
      return { from: 'stranger', payload: json(payload), codes: [code], ref: id };
    });

  return fc.oneof(
    notJson,
    anyJson,
    unknownType,
    wrongFieldTypes,
    { arbitrary: oversized, weight: 1 },
    binary,
    hostAction,
    endOrMessage,
    signalFromAdmitted,
    signalFromWaiting,
    joinedAgain,
    beforeJoin,
    strangerEntries,
  );
}

describe.each(storageBackends())('signaling fuzz on $name', (backend) => {
  let opened: OpenedStorage;
  let storage: Storage;
  let server: SignalingServer;

  beforeAll(async () => {
    opened = await backend.open();
    storage = opened.storage;
    // Generous limits: this test is about what each message does, not about how fast they come.
    server = await startSignaling(storage, { rateLimit: { ratePerSecond: 100_000, burst: 100_000 } });
  });

  afterAll(async () => {
    await server.close();
    await opened.dispose();
  });

  it(
    'answers thousands of bad messages with coded errors and changes nothing stored',
    { timeout: 120_000 },
    async () => {
      const clinic = await seedClinic(storage);
      const { consultation, link } = await newConsultation(storage, clinic);
      const host = await server.connect(clinic.clinician.cookie);
      host.send(joinAsHostMessage(consultation.id));
      const hostId = (await host.next('welcome')).participantId;
      const clients = {} as Record<Sender, TestClient>;
      clients.admitted = await server.connect();
      clients.admitted.send(joinWithLinkMessage(await link()));
      const admittedId = (await clients.admitted.next('welcome')).participantId;
      host.send({ type: 'admit', participantId: admittedId });
      await clients.admitted.next('roster');
      clients.waiting = await server.connect();
      clients.waiting.send(joinWithLinkMessage(await link('relative'), 'Ola'));
      const waitingId = (await clients.waiting.next('welcome')).participantId;
      // `waiting` comes after the stored changes of the arrival, so the counts below are settled.
      await clients.waiting.next('waiting');
      clients.stranger = await server.connect();
      await host.barrier();

      const counts = async () => ({
        participants: (await storage.participants.listByConsultation(consultation.id)).map((p) => [
          p.id,
          p.state,
          p.connectionEpoch,
        ]),
        audit: (await storage.audit.list()).length,
      });
      const before = await counts();

      let sent = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(cases({ host: hostId, admitted: admittedId, waiting: waitingId }), { minLength: 1, maxLength: 15 }),
          async (batch) => {
            for (const c of batch) {
              const client = clients[c.from];
              client.sendRaw(c.payload, { binary: c.isBinary ?? false });
              const error = await client.next('error');
              sent += 1;
              expect(c.codes).toContain(error.code);
              if (c.ref !== undefined && c.ref.length <= 64) expect(error.ref).toBe(c.ref);
            }
          },
        ),
        { numRuns: 400, seed: 424242 },
      );
      expect(sent).toBeGreaterThan(2000);

      for (const client of Object.values(clients)) {
        expect(client.isOpen).toBe(true);
        await client.barrier();
      }
      const newcomer = await server.connect();
      await newcomer.barrier();
      expect(await counts()).toEqual(before);
      // Nobody outside the call learned anything about the others.
      const leaked = clients.waiting.types().filter((t) => ['roster', 'signal', 'admitted'].includes(t));
      expect(leaked).toEqual([]);
    },
  );
});
