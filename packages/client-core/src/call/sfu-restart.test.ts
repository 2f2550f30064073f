/**
 * SfuCall through a Janus restart (issue 11, item 10): every answer is matched to the publish it
 * answers, and one restart (`sfu-unavailable`, then `sfu-restarted`) makes one publish. Before,
 * each reset published, the answer to the first of two publishes was taken for the second (whose
 * Janus handle had replaced it), and the right answer was dropped until ICE failed (~17 s).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientMessageOf } from '@samtale/protocol';
import type { LocalMedia } from '../media/LocalMedia.ts';
import type { SfuClientMessage } from './Call.ts';
import { SfuCall } from './SfuCall.ts';

/** The parts of RTCPeerConnection a publisher and a subscriber use, offer and answer included. */
class FakePeerConnection extends EventTarget {
  static made: FakePeerConnection[] = [];
  connectionState: RTCPeerConnectionState = 'new';
  signalingState: RTCSignalingState = 'stable';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  isClosed = false;

  constructor(readonly configuration: RTCConfiguration = {}) {
    super();
    FakePeerConnection.made.push(this);
  }

  getConfiguration(): RTCConfiguration {
    return this.configuration;
  }
  setConfiguration(): void {}
  addTransceiver(): { sender: object } {
    return { sender: { replaceTrack: () => Promise.resolve() } };
  }
  async createOffer(): Promise<RTCSessionDescriptionInit> {
    return { type: 'offer', sdp: `v=0\r\no=- ${FakePeerConnection.made.length} 1 IN IP4 0.0.0.0\r\n` };
  }
  async createAnswer(): Promise<RTCSessionDescriptionInit> {
    return { type: 'answer', sdp: 'v=0\r\n' };
  }
  async setLocalDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.localDescription = description;
    if (description.type === 'offer') this.signalingState = 'have-local-offer';
  }
  async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.remoteDescription = description;
    if (description.type === 'answer') this.signalingState = 'stable';
  }
  async addIceCandidate(): Promise<void> {}
  getTransceivers(): RTCRtpTransceiver[] {
    return [];
  }
  async getStats(): Promise<Map<string, unknown>> {
    return new Map();
  }
  close(): void {
    this.isClosed = true;
    this.connectionState = 'closed';
  }
}

const SELF = '00000000-0000-4000-8000-000000000002';

/** A camera and a microphone, as far as a publisher looks at them. */
function fakeLocalMedia(): LocalMedia {
  const track = (kind: string) => ({ kind, id: kind }) as unknown as MediaStreamTrack;
  return {
    audioTrack: track('audio'),
    videoTrack: track('video'),
    stream: {} as MediaStream,
    isAudioOn: true,
    on: () => () => undefined,
  } as unknown as LocalMedia;
}

type Publish = ClientMessageOf<'sfuPublish'>;

describe('SfuCall through a Janus restart', () => {
  let sent: SfuClientMessage[];
  let call: SfuCall;
  const publishes = (): Publish[] => sent.filter((m): m is Publish => m.type === 'sfuPublish');
  const publisherPc = (): FakePeerConnection | undefined => {
    const pc = call.peerConnections().get('publisher');
    return pc as unknown as FakePeerConnection | undefined;
  };
  const answer = (ref: string | undefined, sdp: string) =>
    call.handleSfuMessage({
      type: 'sfuAnswer',
      jsep: { type: 'answer', sdp },
      feedId: '1',
      ...(ref === undefined ? {} : { ref }),
    });

  beforeEach(async () => {
    vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
    FakePeerConnection.made = [];
    sent = [];
    call = new SfuCall({
      selfId: SELF,
      iceServers: [],
      localMedia: fakeLocalMedia(),
      sfu: { send: (m) => (sent.push(m), true) },
    });
    await vi.waitFor(() => expect(publishes()).toHaveLength(1));
  });

  afterEach(() => {
    call.close();
    vi.unstubAllGlobals();
  });

  it('takes only the answer naming its latest publish: a late answer to an earlier one is ignored', async () => {
    const first = publishes()[0]?.id;
    call.handleSfuMessage({ type: 'sfuReset', reason: 'sfu-restarted' });
    await vi.waitFor(() => expect(publishes()).toHaveLength(2));
    const second = publishes()[1]?.id;
    expect(second).not.toBe(first);

    answer(first, 'v=0\r\ns=stale\r\n');
    await Promise.resolve();
    expect(publisherPc()?.remoteDescription).toBeNull();
    expect(publisherPc()?.signalingState).toBe('have-local-offer');

    answer(second, 'v=0\r\ns=right\r\n');
    await vi.waitFor(() => expect(publisherPc()?.remoteDescription?.sdp).toBe('v=0\r\ns=right\r\n'));
  });

  it('takes an answer that names no request (a server that answers in order)', async () => {
    answer(undefined, 'v=0\r\ns=unnamed\r\n');
    await vi.waitFor(() => expect(publisherPc()?.remoteDescription?.sdp).toBe('v=0\r\ns=unnamed\r\n'));
  });

  it('publishes once per restart: nothing on sfu-unavailable (it stops and waits), one publish on sfu-restarted', async () => {
    const before = publisherPc();
    const changes: boolean[] = [];
    call.on('mediaServerChanged', ({ isAvailable }) => changes.push(isAvailable));
    call.handleSfuMessage({ type: 'sfuReset', reason: 'sfu-unavailable' });
    expect(before?.isClosed).toBe(true);
    expect(call.peerConnections().has('publisher')).toBe(false);
    expect(call.isMediaServerAvailable).toBe(false);
    // A refusal of the publish that was in flight when Janus died changes nothing.
    call.handleSfuRefusal(publishes()[0]?.id ?? '', 'SFU_UNAVAILABLE');
    call.handleSfuMessage({ type: 'sfuReset', reason: 'sfu-restarted' });
    await vi.waitFor(() => expect(publishes()).toHaveLength(2));
    expect(call.isMediaServerAvailable).toBe(true);
    expect(changes).toEqual([false, true]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(publishes()).toHaveLength(2);
  });

  it('waits for sfu-restarted after a publish refused SFU_UNAVAILABLE, instead of making a connection every few seconds', async () => {
    vi.useFakeTimers();
    try {
      call.handleSfuRefusal(publishes()[0]?.id ?? '', 'SFU_UNAVAILABLE');
      expect(call.isMediaServerAvailable).toBe(false);
      const made = FakePeerConnection.made.length;
      await vi.advanceTimersByTimeAsync(60_000);
      expect(publishes()).toHaveLength(1);
      // Only the fresh idle subscriber of the suspension, no new publisher connections.
      expect(FakePeerConnection.made.length).toBe(made);
    } finally {
      vi.useRealTimers();
    }
    call.handleSfuMessage({ type: 'sfuReset', reason: 'sfu-restarted' });
    await vi.waitFor(() => expect(publishes()).toHaveLength(2));
  });

  it('retries a publish Janus refused for another reason, but never one it already replaced', async () => {
    vi.useFakeTimers();
    try {
      const first = publishes()[0]?.id ?? '';
      call.handleSfuRefusal(first, 'INVALID_STATE');
      await vi.advanceTimersByTimeAsync(600);
      expect(publishes()).toHaveLength(2);
      // The refusal of the first publish, again (late): moot, the second is the one that counts.
      call.handleSfuRefusal(first, 'INVALID_STATE');
      await vi.advanceTimersByTimeAsync(10_000);
      expect(publishes()).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('publishes again when signaling comes back while Janus was away (its sfu-restarted may be lost)', async () => {
    call.handleSfuMessage({ type: 'sfuReset', reason: 'sfu-unavailable' });
    call.resync();
    await vi.waitFor(() => expect(publishes()).toHaveLength(2));
  });
});
