/**
 * ICE servers a participant receives in `admitted`. Today they come straight from the
 * configuration (STUN, or a TURN server with static credentials); ephemeral TURN credentials
 * (TURN REST API, one per participant) will be minted here in a later issue, which is why the
 * participant is an argument.
 */
import type { IceServer } from '@samtale/protocol';
import type { Config } from '../config/config.ts';

/** The ICE servers `participantId` should use for its peer connections. */
export function iceServersFor(config: Pick<Config, 'iceServers'>, _participantId: string): IceServer[] {
  // A copy, so a caller cannot change the frozen configuration through the result.
  return config.iceServers.map((s) => ({ ...s, urls: Array.isArray(s.urls) ? [...s.urls] : s.urls }));
}
