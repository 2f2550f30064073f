/**
 * The equipment test's verdict (issue 9): from what each step found to one plain answer — good,
 * works with advice, or something to fix — and the advice, most important first. Pure, so the
 * rules are unit-tested without a browser.
 */
import type { MediaAccessErrorKind } from '@samtale/client-core/media-checks';
import type { EquipmentKey } from './texts/index.ts';

export type DeviceOutcome = { kind: 'ok' } | { kind: 'problem'; problem: MediaAccessErrorKind };
export type MicrophoneOutcome = DeviceOutcome | { kind: 'silent' };

/** A relay probe: reached, blocked, or no URL of this transport configured. */
export type RelayOutcome = 'open' | 'blocked' | 'not-configured';

export type CallOutcome =
  | { kind: 'measured'; kbps: number; capacityKbps: number | null; rttMs: number | null; isVideo: boolean }
  | { kind: 'failed' }
  | { kind: 'skipped' };

export interface EquipmentResults {
  camera: DeviceOutcome;
  microphone: MicrophoneOutcome;
  /** The person's answer after the test sound; null until they answer. */
  speaker: 'heard' | 'not-heard' | null;
  /** HTTP and WebSocket both answered. */
  isServerReached: boolean;
  /** Whether the server has a TURN server at all (without one the relay steps are skipped). */
  hasTurn: boolean;
  turnUdp: RelayOutcome;
  turnTcp: RelayOutcome;
  call: CallOutcome;
  canEncrypt: boolean;
}

export interface Advice {
  key: EquipmentKey;
  /** For device advice: which device it is about. */
  device?: 'camera' | 'microphone' | 'both';
}

export interface Verdict {
  level: 'good' | 'warn' | 'bad';
  advice: Advice[];
}

/** Below this the picture will be poor (a 640×360 VP8 stream needs a few hundred kbit/s). */
export const LOW_KBPS = 150;
/** The same for a call that could send only sound (no camera): Opus speech needs 16 kbit/s or more. */
export const LOW_AUDIO_KBPS = 16;
/** Above this round trip, talking over each other starts (ITU-T G.114 puts the limit near 400 ms one way). */
export const HIGH_RTT_MS = 400;

const DEVICE_ADVICE: Record<MediaAccessErrorKind, EquipmentKey> = {
  denied: 'advice.denied',
  'in-use': 'advice.inUse',
  'not-found': 'advice.notFound',
  unknown: 'advice.unknown',
};

/**
 * Whether a measured test call was too slow or too distant for a good video call. The network's
 * room is the congestion controller's estimate where the browser reports it: what was sent
 * depends on the picture (a still one needs little), not only on the network.
 */
export function isSlow(call: {
  kbps: number;
  capacityKbps: number | null;
  rttMs: number | null;
  isVideo: boolean;
}): boolean {
  const room = call.capacityKbps ?? call.kbps;
  return room < (call.isVideo ? LOW_KBPS : LOW_AUDIO_KBPS) || (call.rttMs ?? 0) > HIGH_RTT_MS;
}

/** The verdict of a finished test run. */
export function verdictOf(r: EquipmentResults): Verdict {
  const bad: Advice[] = [];
  const warn: Advice[] = [];
  if (!r.isServerReached) bad.push({ key: 'advice.server' });
  if (!r.canEncrypt) bad.push({ key: 'advice.encryption' });
  if (r.isServerReached && r.hasTurn) {
    const isRelayBlocked = r.turnUdp !== 'open' && r.turnTcp !== 'open';
    if (isRelayBlocked || r.call.kind === 'failed') bad.push({ key: 'advice.network' });
    else if (r.turnUdp === 'blocked') warn.push({ key: 'advice.udpBlocked' });
    if (r.call.kind === 'measured' && isSlow(r.call)) warn.push({ key: 'advice.slow' });
  }
  const cameraProblem = r.camera.kind === 'problem' ? r.camera.problem : null;
  const microphoneProblem = r.microphone.kind === 'problem' ? r.microphone.problem : null;
  if (cameraProblem !== null && cameraProblem === microphoneProblem) {
    // One piece of advice when both fail for the same reason (a denied prompt covers both).
    bad.push({ key: DEVICE_ADVICE[cameraProblem], device: 'both' });
  } else {
    if (cameraProblem !== null) bad.push({ key: DEVICE_ADVICE[cameraProblem], device: 'camera' });
    if (microphoneProblem !== null) bad.push({ key: DEVICE_ADVICE[microphoneProblem], device: 'microphone' });
  }
  if (r.microphone.kind === 'silent') warn.push({ key: 'advice.microphoneSilent' });
  if (r.speaker === 'not-heard') warn.push({ key: 'advice.speaker' });
  if (bad.length > 0) return { level: 'bad', advice: [...bad, ...warn] };
  if (warn.length > 0) return { level: 'warn', advice: warn };
  return { level: 'good', advice: [] };
}

/** Sorts configured TURN URLs into UDP and TCP/TLS (a `turns:` URL is TLS over TCP; RFC 7065). */
export function turnUrlsByTransport(urls: readonly string[]): { udp: string[]; tcp: string[] } {
  const udp: string[] = [];
  const tcp: string[] = [];
  for (const url of urls) {
    if (url.startsWith('turns:') || /[?&]transport=tcp\b/.test(url)) tcp.push(url);
    else if (url.startsWith('turn:')) udp.push(url);
  }
  return { udp, tcp };
}
