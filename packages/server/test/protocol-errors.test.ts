/** Every malformed, oversized, too-fast or misplaced message gets a coded error; the socket stays up. */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, PROTOCOL_VERSION, type ServerMessage, type ServerMessageOf } from '@samtale/protocol';
import { InMemoryBus } from '../src/cluster/InMemoryBus.ts';
import { storageBackends, type OpenedStorage } from './helpers/storage-backends.ts';
import type { Storage } from '../src/storage/types.ts';
import { signalingPlugin } from '../src/signaling/plugin.ts';
import {
  fromListening,
  joinAsHostMessage,
  joinWithLinkMessage,
  newConsultation,
  seedClinic,
  startSignaling,
  testConfig,
  type Clinic,
  type SignalingServer,
} from './helpers/signaling-fixtures.ts';

function isPongOrRateLimited(m: ServerMessage): m is ServerMessageOf<'pong'> | ServerMessageOf<'error'> {
  return m.type === 'pong' || (m.type === 'error' && m.code === 'RATE_LIMITED');
}

describe.each(storageBackends())('signaling protocol errors on $name', (backend) => {
  let opened: OpenedStorage;
  let storage: Storage;
  let server: SignalingServer;
  let clinic: Clinic;

  beforeAll(async () => {
    opened = await backend.open();
    storage = opened.storage;
    clinic = await seedClinic(storage);
    server = await startSignaling(storage);
  });

  afterAll(async () => {
    await server.close();
    await opened.dispose();
  });

  it('answers an oversized message with MESSAGE_TOO_LARGE and keeps the socket open', async () => {
    const client = await server.connect();
    client.send({ type: 'ping', id: 'big', padding: 'x'.repeat(MAX_MESSAGE_BYTES) });
    expect(await client.next('error')).toMatchObject({ code: 'MESSAGE_TOO_LARGE' });
    await client.barrier();
  });

  it('answers text that is not JSON, and binary frames, with MESSAGE_MALFORMED', async () => {
    const client = await server.connect();
    client.sendRaw('{"type": "ping"');
    expect(await client.next('error')).toMatchObject({ code: 'MESSAGE_MALFORMED' });
    client.sendRaw(Buffer.from('{"type":"ping"}'), { binary: true });
    expect(await client.next('error')).toMatchObject({ code: 'MESSAGE_MALFORMED' });
    await client.barrier();
  });

  it('answers a message outside the protocol with MESSAGE_INVALID and echoes its id', async () => {
    const client = await server.connect();
    expect(await client.expectError({ type: 'teleport', id: 'q1' })).toMatchObject({
      code: 'MESSAGE_INVALID',
      ref: 'q1',
    });
    expect(await client.expectError({ type: 'admit', id: 'q2', participantId: 42 })).toMatchObject({
      code: 'MESSAGE_INVALID',
      ref: 'q2',
    });
  });

  it('refuses room messages before joining with NOT_JOINED', async () => {
    const client = await server.connect();
    expect(await client.expectError({ type: 'end', id: 'e' })).toMatchObject({ code: 'NOT_JOINED', ref: 'e' });
    expect(await client.expectError({ type: 'mediaState', id: 'm', isAudioOn: true, isVideoOn: true })).toMatchObject({
      code: 'NOT_JOINED',
    });
  });

  it('refuses an outdated client with PROTOCOL_VERSION_UNSUPPORTED', async () => {
    const { link } = await newConsultation(storage, clinic);
    const client = await server.connect();
    const join = { ...joinWithLinkMessage(await link()), protocolVersion: PROTOCOL_VERSION + 1 };
    expect(await client.expectError(join)).toMatchObject({ code: 'PROTOCOL_VERSION_UNSUPPORTED' });
  });

  it('refuses a second join on the same connection with ALREADY_JOINED', async () => {
    const { consultation } = await newConsultation(storage, clinic);
    const client = await server.connect(clinic.clinician.cookie);
    client.send(joinAsHostMessage(consultation.id));
    await client.next('welcome');
    expect(await client.expectError(joinAsHostMessage(consultation.id, 'again'))).toMatchObject({
      code: 'ALREADY_JOINED',
      ref: 'again',
    });
  });

  it('refuses invalid, expired and revoked links with their own codes, and stores nothing', async () => {
    const { consultation, link } = await newConsultation(storage, clinic);
    const client = await server.connect();
    expect(await client.expectError(joinWithLinkMessage('A'.repeat(32)))).toMatchObject({ code: 'INVITATION_INVALID' });
    expect(await client.expectError(joinWithLinkMessage(await link('patient', -1000)))).toMatchObject({
      code: 'INVITATION_EXPIRED',
    });
    const revokedToken = await link();
    const [, revoked] = await storage.invitations.listByConsultation(consultation.id);
    if (revoked === undefined) throw new Error('no invitation');
    await storage.invitations.revoke(revoked.id, new Date());
    expect(await client.expectError(joinWithLinkMessage(revokedToken))).toMatchObject({ code: 'INVITATION_REVOKED' });
    expect(await storage.participants.listByConsultation(consultation.id)).toEqual([]);
    expect(await storage.audit.list({ consultationId: consultation.id })).toEqual([]);
  });

  it('refuses an unknown resume token with RESUME_INVALID', async () => {
    const client = await server.connect();
    expect(
      await client.expectError({
        type: 'resume',
        id: 'r',
        protocolVersion: PROTOCOL_VERSION,
        resumeToken: 'B'.repeat(43),
      }),
    ).toMatchObject({
      code: 'RESUME_INVALID',
      ref: 'r',
    });
  });

  it('drops messages beyond the rate limit with RATE_LIMITED and serves the socket again later', async () => {
    // The bucket's clock stands still until the test moves it.
    let now = 0;
    const limited = await startSignaling(storage, { rateLimit: { ratePerSecond: 20, burst: 5, now: () => now } });
    try {
      const client = await limited.connect();
      for (let i = 0; i < 10; i += 1) client.send({ type: 'ping', id: `p${i}` });
      const answers = [];
      for (let i = 0; i < 6; i += 1) answers.push(await client.nextWhere(isPongOrRateLimited));
      // Five go through on the burst; the rest are dropped, with one notice for the window (sent
      // at once, so it may overtake the pongs).
      expect(answers.map((m) => m.type).sort()).toEqual(['error', 'pong', 'pong', 'pong', 'pong', 'pong']);
      expect(client.isOpen).toBe(true);
      // Tokens flow back in.
      now += 1000;
      client.send({ type: 'ping', id: 'later' });
      await client.next('pong', (m) => m.id === 'later');
    } finally {
      await limited.close();
    }
  });

  it('answers an unexpected failure with INTERNAL and logs it without personal data', async () => {
    const logs: string[] = [];
    const failing: Storage = {
      ...storage,
      participants: {
        ...storage.participants,
        create: () => Promise.reject(new Error('duplicate key for Kari Hemmelig')),
        createTakingInvitation: () => Promise.reject(new Error('duplicate key for Kari Hemmelig')),
      },
    };
    const app = Fastify({ logger: { stream: { write: (line: string) => logs.push(line) } } });
    const bus = new InMemoryBus();
    await app.register(signalingPlugin, { config: testConfig(), storage: failing, bus });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const broken = fromListening(app, async () => {
      await app.close();
      await bus.close();
    });
    try {
      const { link } = await newConsultation(storage, clinic);
      const client = await broken.connect();
      expect(await client.expectError(joinWithLinkMessage(await link(), 'Kari Hemmelig', 'j'))).toMatchObject({
        code: 'INTERNAL',
        ref: 'j',
      });
      await client.barrier();
      expect(logs.some((l) => l.includes('signaling handler failed'))).toBe(true);
      expect(logs.join('\n')).not.toContain('Hemmelig');
    } finally {
      await broken.close();
    }
  });
});
