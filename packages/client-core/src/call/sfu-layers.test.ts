/**
 * SfuCall holds back a change of simulcast layers until its subscriber connection is up: Janus
 * asks the publishers for a keyframe on every layer switch, and one made before Janus relays to
 * us was lost (Chromium makes the next only ~300 ms later), so a newcomer's first picture waited.
 */
import type { FeedView } from '@samtale/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SfuClientMessage, SfuServerMessage } from './Call.ts';
import { SfuCall } from './SfuCall.ts';

class FakePeerConnection extends EventTarget {
  static last: FakePeerConnection | null = null;
  connectionState: RTCPeerConnectionState = 'new';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;

  configuration: RTCConfiguration;

  constructor(configuration: RTCConfiguration = {}) {
    super();
    this.configuration = configuration;
    FakePeerConnection.last = this;
  }

  getConfiguration(): RTCConfiguration {
    return this.configuration;
  }

  setConfiguration(configuration: RTCConfiguration): void {
    this.configuration = configuration;
  }

  async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.remoteDescription = description;
  }

  async createAnswer(): Promise<RTCSessionDescriptionInit> {
    return { type: 'answer', sdp: 'v=0\r\n' };
  }

  async setLocalDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.localDescription = description;
  }

  getTransceivers(): RTCRtpTransceiver[] {
    return [];
  }

  async getStats(): Promise<Map<string, unknown>> {
    return new Map();
  }

  close(): void {
    this.connectionState = 'closed';
  }

  connect(): void {
    this.connectionState = 'connected';
    this.dispatchEvent(new Event('connectionstatechange'));
  }
}

const HOST = '00000000-0000-4000-8000-000000000001';
const SELF = '00000000-0000-4000-8000-000000000002';
const feeds: FeedView[] = [{ feedId: '7', participantId: HOST, hasAudio: true, hasVideo: true, isSimulcast: true }];

function subscribes(sent: SfuClientMessage[]): SfuClientMessage[] {
  return sent.filter((m) => m.type === 'sfuSubscribe');
}

describe('SfuCall layer changes and ICE servers', () => {
  let sent: SfuClientMessage[];
  let call: SfuCall;

  beforeEach(() => {
    vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
    sent = [];
    call = new SfuCall({
      selfId: SELF,
      iceServers: [],
      localMedia: null,
      sfu: { send: (m) => (sent.push(m), true) },
    });
  });

  afterEach(() => {
    call.close();
    vi.unstubAllGlobals();
  });

  async function answerFirstOffer(): Promise<void> {
    const offer: SfuServerMessage = {
      type: 'sfuSubscriberOffer',
      jsep: { type: 'offer', sdp: 'v=0\r\n' },
      streams: [{ mid: '1', feedId: '7', kind: 'video' }],
    };
    call.handleSfuMessage(offer);
    await vi.waitFor(() => expect(sent.some((m) => m.type === 'sfuSubscriberAnswer')).toBe(true));
  }

  it('sends a layer switch asked for before the subscriber connection is up only once it is', async () => {
    call.handleSfuMessage({ type: 'sfuFeeds', feeds });
    expect(subscribes(sent)).toMatchObject([{ feeds: [{ feedId: '7', substream: 0, hasVideo: true }] }]);
    // The layout shows the host large while the first offer is on its way.
    call.subscribe([{ participantId: HOST, size: 'large' }]);
    await answerFirstOffer();
    expect(subscribes(sent)).toHaveLength(1);

    FakePeerConnection.last?.connect();
    expect(subscribes(sent)).toHaveLength(2);
    expect(subscribes(sent)[1]).toMatchObject({ feeds: [{ feedId: '7', substream: 2, hasVideo: true }] });
  });

  it('switches layers at once on a connected subscriber, and still subscribes to new feeds before', async () => {
    call.subscribe([{ participantId: HOST, size: 'small' }]);
    // A feed to subscribe to needs an offer: asked for even though nothing is connected yet.
    call.handleSfuMessage({ type: 'sfuFeeds', feeds });
    expect(subscribes(sent)).toHaveLength(1);
    await answerFirstOffer();
    FakePeerConnection.last?.connect();

    call.subscribe([{ participantId: HOST, size: 'medium' }]);
    expect(subscribes(sent)).toHaveLength(2);
    expect(subscribes(sent)[1]).toMatchObject({ feeds: [{ feedId: '7', substream: 1 }] });
  });

  it('gives its connections fresh ICE servers (a TURN credential refreshed during the call)', () => {
    const fresh = { urls: 'turn:turn.example.org:3478', username: '1900000000:p', credential: 'c2' };
    call.setIceServers([fresh]);
    expect(FakePeerConnection.last?.getConfiguration().iceServers).toEqual([fresh]);
  });
});
