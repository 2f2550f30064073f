import type { IceCandidate, IceServer, SessionDescription } from '@samtale/protocol';
import type { MediaKind } from '../../media/LocalMedia.ts';
import { PREFERRED_CODEC, preferCodec } from '../codecs.ts';

/** Conversions between protocol shapes and the WebRTC dictionaries (exactOptionalPropertyTypes-safe). */
export function toRtcIceServer(server: IceServer): RTCIceServer {
  const result: RTCIceServer = { urls: server.urls };
  if (server.username !== undefined) result.username = server.username;
  if (server.credential !== undefined) result.credential = server.credential;
  return result;
}

/**
 * ICE servers for gathering from now on (a fresh TURN credential for ICE restarts and new
 * allocations); the running connection is left as it is. Never throws: a browser that refuses
 * keeps the old servers.
 */
export function updateIceServers(pc: RTCPeerConnection, servers: readonly IceServer[]): void {
  if (pc.connectionState === 'closed') return;
  try {
    pc.setConfiguration({ ...pc.getConfiguration(), iceServers: servers.map(toRtcIceServer) });
  } catch (error) {
    console.warn('could not update the ICE servers', error);
  }
}

export function toIceCandidate(candidate: RTCIceCandidate): IceCandidate {
  return {
    candidate: candidate.candidate,
    sdpMid: candidate.sdpMid,
    sdpMLineIndex: candidate.sdpMLineIndex,
    usernameFragment: candidate.usernameFragment,
  };
}

export function toRtcIceCandidateInit(candidate: IceCandidate): RTCIceCandidateInit {
  const result: RTCIceCandidateInit = { candidate: candidate.candidate };
  if (candidate.sdpMid !== undefined) result.sdpMid = candidate.sdpMid;
  if (candidate.sdpMLineIndex !== undefined) result.sdpMLineIndex = candidate.sdpMLineIndex;
  if (candidate.usernameFragment !== undefined) result.usernameFragment = candidate.usernameFragment;
  return result;
}

export function toSessionDescriptionInit(description: SessionDescription): RTCSessionDescriptionInit {
  return description.sdp === undefined ? { type: description.type } : { type: description.type, sdp: description.sdp };
}

export function toSessionDescription(
  description: RTCSessionDescription | RTCSessionDescriptionInit,
): SessionDescription {
  return description.sdp === undefined ? { type: description.type } : { type: description.type, sdp: description.sdp };
}

/**
 * Keeps only the codec the SFrame layer knows (VP8 / Opus, DESIGN.md) plus the helper entries
 * (rtx, red, ulpfec): Janus then cannot pick another codec whose clear bytes we do not handle.
 */
export function pinCodec(transceiver: RTCRtpTransceiver, kind: MediaKind): void {
  if (typeof transceiver.setCodecPreferences !== 'function') return;
  const capabilities = RTCRtpReceiver.getCapabilities(kind);
  if (capabilities === null) return;
  const wanted = PREFERRED_CODEC[kind].toLowerCase();
  const helpers = /\/(rtx|red|ulpfec|flexfec-03)$/i;
  const codecs = preferCodec(capabilities.codecs, wanted).filter(
    (codec) => codec.mimeType.toLowerCase() === wanted || helpers.test(codec.mimeType),
  );
  try {
    transceiver.setCodecPreferences(codecs);
  } catch (error) {
    console.warn(`could not pin ${PREFERRED_CODEC[kind]}`, error);
  }
}
