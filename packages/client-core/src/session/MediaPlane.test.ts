import { describe, expect, it } from 'vitest';
import type { ServerMessageOf, SignalData } from '@samtale/protocol';
import type { CallEvents, SfuClientMessage } from '../call/Call.ts';
import { recordingCalls } from '../../test/helpers/recording-calls.ts';
import { MediaPlane } from './MediaPlane.ts';

const selfId = '00000000-0000-4000-8000-000000000002';
const hostId = '00000000-0000-4000-8000-000000000001';
const offer: SignalData = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } };
const feeds: ServerMessageOf<'sfuFeeds'> = {
  type: 'sfuFeeds',
  feeds: [{ feedId: '7', participantId: hostId, hasAudio: true, hasVideo: true, isSimulcast: true }],
};
const mesh: ServerMessageOf<'admitted'> = {
  type: 'admitted',
  iceServers: [{ urls: 'stun:stun.example.org' }],
  meshMax: 4,
};
const sfu: ServerMessageOf<'admitted'> = { ...mesh, media: 'sfu' };

function setup() {
  const calls = recordingCalls();
  const signals: Array<{ to: string; data: SignalData }> = [];
  const sfuSent: SfuClientMessage[] = [];
  const streams: Array<CallEvents['remoteStreamsChanged']> = [];
  const speakers: Array<string | null> = [];
  const plane = new MediaPlane({
    createCall: calls.create,
    localMedia: null,
    isHost: (id) => id === hostId,
    sendSignal: (to, data) => signals.push({ to, data }),
    sendSfu: (message) => (sfuSent.push(message), true),
    onRemoteStreamsChanged: (map) => streams.push(map),
    onPeerStateChanged: () => undefined,
    onActiveSpeakerChanged: (id) => speakers.push(id),
  });
  return { plane, calls, signals, sfuSent, streams, speakers };
}

describe('MediaPlane', () => {
  it('builds a mesh call for a meeting the server runs peer to peer, and says how the media travels', () => {
    const { plane, calls } = setup();
    expect(plane.plan).toBeNull();
    plane.handleAdmitted({ selfId, message: { ...mesh, media: 'mesh' }, e2ee: null });
    expect(calls.mesh).toHaveLength(1);
    expect(calls.sfu).toEqual([]);
    expect(plane.plan).toEqual({ media: 'mesh', meshMax: 4, isMeeting: true });
    plane.close();
    expect(plane.plan).toBeNull();
    plane.handleAdmitted({ selfId, message: mesh, e2ee: null });
    expect(plane.plan).toEqual({ media: 'mesh', meshMax: 4, isMeeting: false });
  });

  it('builds a mesh call when admitted without SFU, and hands it the signals of other participants', () => {
    const { plane, calls, signals } = setup();
    plane.handleAdmitted({ selfId, message: mesh, e2ee: null });
    const call = calls.mesh[0];
    expect(plane.call).toBe(call);
    expect(calls.sfu).toEqual([]);
    expect(call?.options).toMatchObject({ kind: 'mesh', selfId, iceServers: mesh.iceServers, localMedia: null });
    expect(call?.options.isHost?.(hostId)).toBe(true);

    plane.handleSignal(hostId, offer);
    expect(call?.signals).toEqual([{ from: hostId, data: offer }]);
    call?.options.sendSignal(hostId, offer);
    expect(signals).toEqual([{ to: hostId, data: offer }]);
    expect(plane.canRetrySfu).toBe(false);
  });

  it('builds a call through the SFU when the server says so, and routes SFU messages and refusals to it', () => {
    const { plane, calls, sfuSent, speakers } = setup();
    plane.handleAdmitted({ selfId, message: sfu, e2ee: null });
    const call = calls.sfu[0];
    expect(plane.call).toBe(call);
    expect(calls.mesh).toEqual([]);

    plane.handleSfuMessage(feeds);
    expect(plane.canRetrySfu).toBe(true);
    plane.handleSfuRefusal('sfu-subscribe-3');
    // Person-to-person media signals mean nothing through the SFU.
    plane.handleSignal(hostId, offer);
    expect(call?.sfuMessages).toEqual([feeds]);
    expect(call?.refusals).toEqual(['sfu-subscribe-3']);

    call?.options.sfu.send({ type: 'sfuRequestKeyframe', feedId: '7' });
    expect(sfuSent).toEqual([{ type: 'sfuRequestKeyframe', feedId: '7' }]);
    call?.emit('activeSpeakerChanged', hostId);
    expect(speakers).toEqual([hostId]);
  });

  it('drops SFU messages on a mesh call and everything without a call', () => {
    const { plane, calls } = setup();
    plane.handleSfuMessage(feeds);
    plane.handleSignal(hostId, offer);
    plane.handleRoster([hostId], []);
    plane.handleAdmitted({ selfId, message: mesh, e2ee: null });
    plane.handleSfuMessage(feeds);
    plane.handleSfuRefusal('sfu-publish-1');
    expect(calls.mesh[0]?.signals).toEqual([]);
    expect(calls.mesh[0]?.peerSets).toEqual([]);
  });

  it('connects to the roster’s peers and, for hosts in a mesh, prepares for the people waiting', () => {
    const { plane, calls } = setup();
    plane.handleAdmitted({ selfId, message: mesh, e2ee: null });
    plane.handleRoster([hostId], ['w1']);
    plane.handleRoster([hostId], null);
    expect(calls.mesh[0]?.peerSets).toEqual([[hostId], [hostId]]);
    expect(calls.mesh[0]?.prepared).toEqual([['w1']]);
  });

  it('gives fresh ICE servers to the running call instead of building another, and resyncs it', () => {
    const { plane, calls } = setup();
    plane.handleAdmitted({ selfId, message: sfu, e2ee: null });
    const fresh = [{ urls: 'turn:turn.example.org:3478', username: '1900000000:p', credential: 'c2' }];
    plane.handleIceServers(fresh);
    plane.handleAdmitted({ selfId, message: { ...sfu, iceServers: [] }, e2ee: null });
    plane.resync();
    expect(calls.sfu).toHaveLength(1);
    expect(calls.sfu[0]?.iceServerSets).toEqual([fresh, []]);
    expect(calls.sfu[0]?.resyncCount).toBe(1);
  });

  it('closes the call, reports no remote streams, and builds a new call on the next admission', () => {
    const { plane, calls, streams } = setup();
    expect(plane.close()).toBe(false);
    plane.handleAdmitted({ selfId, message: mesh, e2ee: null });
    expect(plane.close()).toBe(true);
    expect(calls.mesh[0]?.isClosed).toBe(true);
    expect(plane.call).toBeNull();
    expect(plane.remoteStreams.size).toBe(0);
    expect(streams.map((map) => map.size)).toEqual([0]);
    plane.handleAdmitted({ selfId, message: sfu, e2ee: null });
    expect(calls.sfu).toHaveLength(1);
  });
});
