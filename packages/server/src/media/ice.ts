/**
 * ICE servers a participant receives in `admitted` (sent on admit and on every resume, so the
 * TURN credential is always fresh): the configured ones (STUN, or TURN with static credentials)
 * plus, with TURN_SECRET/TURN_URLS, our coturn with a credential minted for this participant.
 */
import type { IceServer } from '@samtale/protocol';
import type { Config } from '../config/config.ts';
import { turnCredential } from './turn/credentials.ts';

/** The ICE servers `participantId` should use for its peer connections. */
export function iceServersFor(
  config: Pick<Config, 'iceServers' | 'turn'>,
  participantId: string,
  nowMs: number = Date.now(),
): IceServer[] {
  // A copy, so a caller cannot change the frozen configuration through the result.
  const servers = config.iceServers.map((s) => ({ ...s, urls: Array.isArray(s.urls) ? [...s.urls] : s.urls }));
  const { turn } = config;
  if (turn === null) return servers;
  const { username, credential } = turnCredential(turn.secret, participantId, turn.ttlSeconds, nowMs);
  return [...servers, { urls: [...turn.urls], username, credential }];
}
