/**
 * A meeting through a real Janus (one supervised instance for this file) over real sockets:
 * Node WebRTC peers (@roamhq/wrtc) publish and subscribe with the messages a browser sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type ServerMessageOf } from '@samtale/protocol';
import { randomToken, sha256Hex } from '../src/auth/tokens.ts';
import { startLocalSfu } from '../src/media/sfu/create-sfu.ts';
import { createNodePublisher, createNodeSubscriber, whenConnected, type NodePublisher } from './helpers/node-peer.ts';
import type { SfuAdapter, SfuParticipant, SfuRoom } from '../src/media/sfu/SfuAdapter.ts';
import { storageBackends, type OpenedStorage } from './helpers/storage-backends.ts';
import type { TestClient } from './helpers/TestClient.ts';
import {
  joinAsHostMessage,
  joinAsMemberMessage,
  joinWithLinkMessage,
  newConsultation,
  seedClinic,
  startSignaling,
  type Clinic,
  type SignalingServer,
} from './helpers/signaling-fixtures.ts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Records what the signaling layer asks of Janus (keyframe requests, hang-ups), passing it on. */
class RecordingSfu implements SfuAdapter {
  readonly keyframeRequests: string[] = [];
  readonly closedParticipants: string[] = [];
  /** When set, Janus's answer to the next `subscribe`/`publish` is held until the test opens this gate. */
  gate: Gate | null = null;
  readonly #inner: SfuAdapter;

  constructor(inner: SfuAdapter) {
    this.#inner = inner;
  }

  get events(): SfuAdapter['events'] {
    return this.#inner.events;
  }

  get isAvailable(): boolean {
    return this.#inner.isAvailable;
  }

  async createRoom(meetingId: string): Promise<SfuRoom> {
    const room = await this.#inner.createRoom(meetingId);
    const recorded: SfuRoom = {
      meetingId: room.meetingId,
      instanceId: room.instanceId,
      roomNumber: room.roomNumber,
      destroy: () => room.destroy(),
      openParticipant: async (participantId) => this.#record(await room.openParticipant(participantId)),
    };
    return recorded;
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  async #pass(): Promise<void> {
    const gate = this.gate;
    if (gate === null) return;
    this.gate = null;
    gate.reached();
    await gate.opened;
  }

  #record(p: SfuParticipant): SfuParticipant {
    const requests = this.keyframeRequests;
    const closed = this.closedParticipants;
    return {
      participantId: p.participantId,
      events: p.events,
      publish: async (offer) => {
        const published = await p.publish(offer);
        await this.#pass();
        return published;
      },
      subscribe: async (feeds) => {
        const offer = await p.subscribe(feeds);
        await this.#pass();
        return offer;
      },
      answerSubscriber: (answer) => p.answerSubscriber(answer),
      trickle: (target, candidate) => p.trickle(target, candidate),
      requestKeyframe: () => {
        requests.push(p.participantId);
        return p.requestKeyframe();
      },
      close: () => {
        closed.push(p.participantId);
        return p.close();
      },
    };
  }
}

/** A point a request to Janus stops at: `isReached` resolves when it got there, `open()` lets it go on. */
class Gate {
  readonly isReached: Promise<void>;
  readonly opened: Promise<void>;
  reached: () => void = () => undefined;
  open: () => void = () => undefined;

  constructor() {
    this.isReached = new Promise((resolve) => (this.reached = resolve));
    this.opened = new Promise((resolve) => (this.open = resolve));
  }
}

/** Polls `check` until it holds (conditions on media, which has no event to wait for here). */
async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.each(storageBackends().slice(0, 1))('a meeting through Janus on $name', (backend) => {
  let opened: OpenedStorage;
  let local: SfuAdapter & { readonly pid: number | null };
  let sfu: RecordingSfu;
  let server: SignalingServer;
  let clinic: Clinic;
  const peers: { close(): void }[] = [];

  beforeAll(async () => {
    opened = await backend.open();
    local = await startLocalSfu({ rtpPortRange: { min: 20500, max: 20700 }, log: silent });
    sfu = new RecordingSfu(local);
    server = await startSignaling(opened.storage, { sfu, keyframeIntervalMs: 1_000 });
    clinic = await seedClinic(opened.storage);
  }, 30_000);

  afterAll(async () => {
    for (const p of peers) p.close();
    await server.close();
    await local.close();
    await opened.dispose();
  });

  /** Publishes a fresh Node publisher for `client`; resolves with the feed id once connected. */
  async function publish(client: TestClient): Promise<{ feedId: string; publisher: NodePublisher }> {
    const publisher = await createNodePublisher();
    peers.push(publisher);
    client.send({ type: 'sfuPublish', id: 'pub', jsep: publisher.offer });
    const answer = await client.next('sfuAnswer');
    expect(answer.ref).toBe('pub');
    await publisher.pc.setRemoteDescription({ type: 'answer', sdp: answer.jsep.sdp ?? '' });
    for (const candidate of publisher.candidates) client.send({ type: 'sfuTrickle', target: 'publisher', candidate });
    await whenConnected(publisher.pc);
    return { feedId: answer.feedId, publisher };
  }

  /** Subscribes `client` to `feedId` and answers the SFU's offer; resolves with the subscriber. */
  async function subscribe(client: TestClient, feedId: string) {
    const subscriber = createNodeSubscriber();
    peers.push(subscriber);
    client.send({ type: 'sfuSubscribe', feeds: [{ feedId, substream: 0 }] });
    const offer = await client.next('sfuSubscriberOffer');
    const answer = await subscriber.answer(offer.jsep);
    client.send({ type: 'sfuSubscriberAnswer', jsep: answer });
    for (const candidate of subscriber.candidates) client.send({ type: 'sfuTrickle', target: 'subscriber', candidate });
    return { subscriber, offer };
  }

  async function newMeeting() {
    const meeting = await opened.storage.consultations.create({
      organisationId: clinic.organisationId,
      ownerUserId: clinic.clinician.user.id,
      label: null,
      meeting: { kind: 'internal', hasPersonalData: false },
    });
    const token = randomToken(24);
    await opened.storage.invitations.create({
      consultationId: meeting.id,
      role: 'colleague',
      tokenHash: sha256Hex(token),
      createdByUserId: clinic.clinician.user.id,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    const host = await server.connect(clinic.clinician.cookie);
    host.send(joinAsMemberMessage(meeting.id));
    const hostId = (await host.next('welcome')).participantId;
    await host.next('admitted');
    const member = await server.connect(clinic.colleague.cookie);
    member.send(joinAsMemberMessage(meeting.id));
    const memberId = (await member.next('welcome')).participantId;
    await member.next('admitted');
    const guest = await server.connect();
    guest.send(joinWithLinkMessage(token, 'Gjest'));
    const guestId = (await guest.next('welcome')).participantId;
    await guest.next('waiting');
    return { meeting, host, hostId, member, memberId, guest, guestId };
  }

  it('carries a publish and a subscription through Janus: answer, feeds for members only, offer with streams, media', async () => {
    const { host, hostId, member, guest } = await newMeeting();
    const { feedId } = await publish(host);
    const feeds = await member.next('sfuFeeds', (m) => m.feeds.length > 0);
    expect(feeds.feeds).toEqual([
      { feedId, participantId: hostId, hasAudio: true, hasVideo: true, isSimulcast: false },
    ]);
    await host.next('sfuFeeds', (m) => m.feeds.some((f) => f.feedId === feedId));

    const { subscriber, offer } = await subscribe(member, feedId);
    expect(offer.streams).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ feedId, kind: 'video' }),
        expect.objectContaining({ feedId, kind: 'audio' }),
      ]),
    );
    await whenConnected(subscriber.pc);
    await until(() => subscriber.framesDecoded() > 0, 'a video frame through Janus');

    // Fail closed: the person in the waiting room hears nothing of the SFU room.
    await guest.barrier();
    expect(guest.types()).not.toContain('sfuFeeds');
  }, 30_000);

  it('gives a subscriber only the audio of a feed it shows no tile for, and its video back on request', async () => {
    const { host, member } = await newMeeting();
    const { feedId } = await publish(host);
    await member.next('sfuFeeds', (m) => m.feeds.some((f) => f.feedId === feedId));
    const subscriber = createNodeSubscriber();
    peers.push(subscriber);
    member.send({ type: 'sfuSubscribe', feeds: [{ feedId, substream: 0, hasVideo: false }] });
    const audioOnly = await member.next('sfuSubscriberOffer');
    expect(audioOnly.streams?.map((s) => s.kind)).toEqual(['audio']);
    member.send({ type: 'sfuSubscriberAnswer', jsep: await subscriber.answer(audioOnly.jsep) });
    for (const candidate of subscriber.candidates) member.send({ type: 'sfuTrickle', target: 'subscriber', candidate });
    // Janus holds a renegotiation until the previous one is done (the connection is up).
    await whenConnected(subscriber.pc);
    member.send({ type: 'sfuSubscribe', feeds: [{ feedId, substream: 0, hasVideo: true }] });
    const withVideo = await member.next('sfuSubscriberOffer');
    expect(withVideo.streams?.map((s) => s.kind).sort()).toEqual(['audio', 'video']);
  }, 30_000);

  it('refuses SFU messages from sockets that have not joined, from people waiting and in consultations', async () => {
    const { guest } = await newMeeting();
    const stranger = await server.connect();
    const offer = { type: 'offer', sdp: 'v=0\r\n' };
    expect(await stranger.expectError({ type: 'sfuPublish', id: 'a', jsep: offer })).toMatchObject({
      code: 'NOT_JOINED',
      ref: 'a',
    });
    expect(await guest.expectError({ type: 'sfuPublish', id: 'b', jsep: offer })).toMatchObject({
      code: 'INVALID_STATE',
    });
    expect(await guest.expectError({ type: 'sfuSubscribe', id: 'c', feeds: [] })).toMatchObject({
      code: 'INVALID_STATE',
    });

    const { consultation } = await newConsultation(opened.storage, clinic);
    const clinician = await server.connect(clinic.clinician.cookie);
    clinician.send(joinAsHostMessage(consultation.id));
    await clinician.next('admitted');
    expect(await clinician.expectError({ type: 'sfuPublish', id: 'd', jsep: offer })).toMatchObject({
      code: 'INVALID_STATE',
    });
  });

  it('passes at most one keyframe request per feed and second to Janus, dropping the rest without an answer', async () => {
    const { host, hostId, member } = await newMeeting();
    const { feedId } = await publish(host);
    await member.next('sfuFeeds', (m) => m.feeds.length > 0);
    const before = sfu.keyframeRequests.filter((id) => id === hostId).length;
    for (let i = 0; i < 5; i += 1) member.send({ type: 'sfuRequestKeyframe', feedId });
    await member.barrier();
    expect(sfu.keyframeRequests.filter((id) => id === hostId).length - before).toBe(1);
    expect(member.types()).not.toContain('error');
  }, 30_000);

  it('hangs up the Janus session of a removed participant, and the others learn their feed left', async () => {
    const { host, member, memberId } = await newMeeting();
    const { feedId } = await publish(member);
    await host.next('sfuFeeds', (m) => m.feeds.some((f) => f.feedId === feedId));
    host.send({ type: 'remove', participantId: memberId });
    await member.next('removed');
    await host.next('sfuFeeds', (m) => m.feeds.every((f) => f.feedId !== feedId));
    expect(sfu.closedParticipants).toContain(memberId);
  }, 30_000);

  it('delivers no SFU offer or answer to someone returned to waiting while Janus was answering, and hangs up their session', async () => {
    const { host, member, guest, guestId } = await newMeeting();
    const { feedId } = await publish(member);
    host.send({ type: 'admit', participantId: guestId });
    await guest.next('admitted');
    await guest.next('sfuFeeds', (m) => m.feeds.some((f) => f.feedId === feedId));

    for (const request of ['subscribe', 'publish'] as const) {
      // Janus has answered the guest's request when the host sends them back to the waiting room.
      const gate = new Gate();
      sfu.gate = gate;
      if (request === 'subscribe') guest.send({ type: 'sfuSubscribe', feeds: [{ feedId, substream: 0 }] });
      else guest.send({ type: 'sfuPublish', jsep: (await createNodePublisher()).offer });
      await gate.isReached;
      host.send({ type: 'returnToWaiting', participantId: guestId });
      await guest.next('returnedToWaiting');
      await until(() => sfu.closedParticipants.includes(guestId), 'the guest’s Janus session hung up');
      gate.open();
      // The guest's socket handles one message at a time: the barrier's pong comes after the request is done.
      await guest.barrier();
      const after = guest.types().slice(guest.types().lastIndexOf('returnedToWaiting'));
      expect(after).not.toContain('sfuSubscriberOffer');
      expect(after).not.toContain('sfuAnswer');
      expect(after).not.toContain('sfuFeeds');
      if (request === 'subscribe') {
        host.send({ type: 'admit', participantId: guestId });
        await guest.next('admitted');
        await guest.next('sfuFeeds', (m) => m.feeds.some((f) => f.feedId === feedId));
        sfu.closedParticipants.length = 0;
      }
    }
  }, 30_000);

  it('delivers only the answer to a participant’s latest publish: one overtaken by a newer publish is dropped', async () => {
    const meeting = await opened.storage.consultations.create({
      organisationId: clinic.organisationId,
      ownerUserId: clinic.clinician.user.id,
      label: null,
      meeting: { kind: 'internal', hasPersonalData: false },
    });
    const first = await server.connect(clinic.clinician.cookie);
    first.send(joinAsMemberMessage(meeting.id));
    const { resumeToken } = await first.next('welcome');
    await first.next('admitted');
    // Janus has answered the first publish when the same person publishes again from a new socket.
    const gate = new Gate();
    sfu.gate = gate;
    first.send({ type: 'sfuPublish', id: 'old', jsep: (await createNodePublisher()).offer });
    await gate.isReached;
    const second = await server.connect(clinic.clinician.cookie);
    second.send({ type: 'resume', id: 'resume', protocolVersion: PROTOCOL_VERSION, resumeToken });
    await second.next('admitted');
    const publisher = await createNodePublisher();
    peers.push(publisher);
    second.send({ type: 'sfuPublish', id: 'new', jsep: publisher.offer });
    expect((await second.next('sfuAnswer')).ref).toBe('new');
    await first.next('superseded');
    gate.open();
    // The overtaken publish goes on once its gate opens: a turn of the event loop finishes it.
    await new Promise((resolve) => setImmediate(resolve));
    await second.barrier();
    expect(second.received.filter((m) => m.type === 'sfuAnswer').map((m) => m.ref)).toEqual(['new']);
  }, 30_000);

  it('recovers from a Janus death: members get sfuReset and publish and subscribe again within 10 s', async () => {
    const { host, member } = await newMeeting();
    const first = await publish(host);
    await member.next('sfuFeeds', (m) => m.feeds.some((f) => f.feedId === first.feedId));
    await subscribe(member, first.feedId);

    const pid = local.pid;
    if (pid === null) throw new Error('no Janus pid');
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    const isRestarted = (m: ServerMessageOf<'sfuReset'>): boolean => m.reason === 'sfu-restarted';
    await Promise.all([host.next('sfuReset', isRestarted, 10_000), member.next('sfuReset', isRestarted, 10_000)]);

    // What SfuCall does on sfuReset: publish again on a fresh connection, resubscribe from the feeds.
    const again = await publish(host);
    expect(again.feedId).not.toBe(first.feedId);
    await member.next('sfuFeeds', (m) => m.feeds.some((f) => f.feedId === again.feedId));
    const { subscriber } = await subscribe(member, again.feedId);
    await whenConnected(subscriber.pc);
    expect(Date.now() - killedAt).toBeLessThan(10_000);
  }, 30_000);
});

describe.each(storageBackends().slice(0, 1))('a meeting without an SFU on $name', (backend) => {
  it('runs its meetings peer to peer (admitted says mesh), and answers stray SFU messages with SFU_UNAVAILABLE', async () => {
    const opened = await backend.open();
    const server = await startSignaling(opened.storage, { sfu: null });
    try {
      const clinic = await seedClinic(opened.storage);
      const meeting = await opened.storage.consultations.create({
        organisationId: clinic.organisationId,
        ownerUserId: clinic.clinician.user.id,
        label: null,
        meeting: { kind: 'internal', hasPersonalData: false },
      });
      const host = await server.connect(clinic.clinician.cookie);
      host.send(joinAsMemberMessage(meeting.id));
      expect(await host.next('admitted')).toMatchObject({ media: 'mesh' });
      expect(
        await host.expectError({ type: 'sfuPublish', id: 'p', jsep: { type: 'offer', sdp: 'v=0\r\n' } }),
      ).toMatchObject({ code: 'SFU_UNAVAILABLE', ref: 'p' });
    } finally {
      await server.close();
      await opened.dispose();
    }
  });
});
