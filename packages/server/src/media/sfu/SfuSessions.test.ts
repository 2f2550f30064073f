/**
 * SfuSessions against fakes of Janus and of the room (`MeetingMembers`): what it asks of the
 * room, when, and that nothing leaves except through the room's delivery check.
 */
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../errors.ts';
import type { MediaPlaneMessage, MeetingMembers, MembershipChangeKind } from './MeetingMembers.ts';
import type { SfuAdapter, SfuAdapterEvents, SfuParticipant, SfuParticipantEvents } from './SfuAdapter.ts';
import { SfuSessions } from './SfuSessions.ts';
import { TypedEvents } from './typed-events.ts';

const silent = { warn: () => undefined, info: () => undefined, error: () => undefined } as never;
const MEETING = 'm1';
const A = { meetingId: MEETING, participantId: 'a', epoch: 0 };

class FakeMembers implements MeetingMembers {
  inCallNow = new Set<string>();
  readyCalls = 0;
  readonly delivered: [string, MediaPlaneMessage][] = [];
  readonly #watchers: ((id: string, change: MembershipChangeKind) => void)[] = [];

  async ready(): Promise<void> {
    this.readyCalls += 1;
    if (!this.inCallNow.has(A.participantId)) throw new AppError('INVALID_STATE');
  }
  isInCall(_meetingId: string, participantId: string): boolean {
    return this.inCallNow.has(participantId);
  }
  inCall(): string[] {
    return [...this.inCallNow];
  }
  async deliver(_meetingId: string, to: string, message: MediaPlaneMessage): Promise<void> {
    if (this.inCallNow.has(to)) this.delivered.push([to, message]);
  }
  watch(_meetingId: string, onChange: (id: string, change: MembershipChangeKind) => void): void {
    this.#watchers.push(onChange);
  }
  change(id: string, change: MembershipChangeKind): void {
    if (change === 'admitted') this.inCallNow.add(id);
    else this.inCallNow.delete(id);
    for (const w of this.#watchers) w(id, change);
  }
}

function fakeSfu() {
  const trickles: string[] = [];
  const closed: string[] = [];
  const sfu: SfuAdapter = {
    events: new TypedEvents<SfuAdapterEvents>(),
    isAvailable: true,
    close: async () => undefined,
    createRoom: async (meetingId) => ({
      meetingId,
      instanceId: 'j1',
      roomNumber: 1,
      destroy: async () => undefined,
      openParticipant: async (participantId): Promise<SfuParticipant> => ({
        participantId,
        events: new TypedEvents<SfuParticipantEvents>(),
        publish: async () => ({
          feed: { feedId: 'f1', participantId, hasAudio: true, hasVideo: true, isSimulcast: false },
          mids: {},
          answer: { type: 'answer', sdp: 'v=0\r\n' },
        }),
        subscribe: async () => ({ jsep: { type: 'offer', sdp: 'v=0\r\n' }, streams: [] }),
        answerSubscriber: async () => undefined,
        trickle: async (target) => void trickles.push(`${participantId}:${target}`),
        requestKeyframe: async () => undefined,
        close: async () => void closed.push(participantId),
      }),
    }),
  };
  return { sfu, trickles, closed };
}

describe('SfuSessions', () => {
  it('passes trickle of a member in the call to Janus without asking the room queue', async () => {
    const members = new FakeMembers();
    members.inCallNow.add('a');
    const { sfu, trickles } = fakeSfu();
    const sessions = new SfuSessions({ sfu, members, log: silent });
    await sessions.handle(A, { type: 'sfuPublish', jsep: { type: 'offer', sdp: 'v=0\r\n' } });
    for (let i = 0; i < 20; i += 1) {
      await sessions.handle(A, { type: 'sfuTrickle', target: 'publisher', candidate: null });
    }
    expect(trickles).toHaveLength(20);
    expect(members.readyCalls).toBe(0);
    await sessions.close();
  });

  it('asks the room when the member is not known to be in the call, and refuses someone waiting', async () => {
    const members = new FakeMembers();
    const { sfu } = fakeSfu();
    const sessions = new SfuSessions({ sfu, members, log: silent });
    await expect(sessions.handle(A, { type: 'sfuSubscribe', feeds: [] })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    expect(members.readyCalls).toBe(1);
    await expect(sessions.handle(null, { type: 'sfuSubscribe', feeds: [] })).rejects.toMatchObject({
      code: 'NOT_JOINED',
    });
    await sessions.close();
  });

  it('sends everything back through the room’s delivery check, and hangs up on leaving the call', async () => {
    const members = new FakeMembers();
    members.change('a', 'admitted');
    const { sfu, closed } = fakeSfu();
    const sessions = new SfuSessions({ sfu, members, log: silent });
    await sessions.handle(A, { type: 'sfuPublish', jsep: { type: 'offer', sdp: 'v=0\r\n' } });
    expect(members.delivered.map(([to, m]) => [to, m.type])).toEqual([['a', 'sfuAnswer']]);
    members.change('a', 'returnedToWaiting');
    await vi.waitFor(() => expect(closed).toEqual(['a']));
    await sessions.close();
  });

  it('tells a member refused SFU_UNAVAILABLE while Janus is away sfu-restarted once it is back, so it need not ask again', async () => {
    const members = new FakeMembers();
    members.change('a', 'admitted');
    const { sfu } = fakeSfu();
    let isAvailable = false;
    const away: SfuAdapter = {
      events: sfu.events,
      close: () => sfu.close(),
      createRoom: (meetingId) => sfu.createRoom(meetingId),
      get isAvailable() {
        return isAvailable;
      },
    };
    const sessions = new SfuSessions({ sfu: away, members, log: silent });
    await expect(
      sessions.handle(A, { type: 'sfuPublish', id: 'p1', jsep: { type: 'offer', sdp: 'v=0\r\n' } }),
    ).rejects.toMatchObject({ code: 'SFU_UNAVAILABLE' });
    isAvailable = true;
    sfu.events.emit('sfuReady', { instanceId: 'j1' });
    await vi.waitFor(() => expect(members.delivered).toEqual([['a', { type: 'sfuReset', reason: 'sfu-restarted' }]]));
    await sessions.handle(A, { type: 'sfuPublish', id: 'p2', jsep: { type: 'offer', sdp: 'v=0\r\n' } });
    expect(members.delivered.at(-1)?.[1]).toMatchObject({ type: 'sfuAnswer', ref: 'p2' });
    await sessions.close();
  });
});
