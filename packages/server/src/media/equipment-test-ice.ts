/**
 * ICE servers for the equipment test (`/test`, issue 9), which anyone may open without logging
 * in: the configured ones plus our TURN server with a credential minted for one test run, valid
 * for EQUIPMENT_TEST_TURN_TTL_SECONDS (or the configured TTL when that is shorter). The username
 * names no person: `<expiry>:equipment-test-<random>`.
 */
import { randomUUID } from 'node:crypto';
import { EQUIPMENT_TEST_TURN_TTL_SECONDS, type EquipmentTestIceAnswer } from '@samtale/protocol';
import type { Config } from '../config/config.ts';
import { turnCredential } from './turn/credentials.ts';

/** The ICE servers one equipment test should try. */
export function equipmentTestIceServers(
  config: Pick<Config, 'iceServers' | 'turn'>,
  nowMs: number,
  runId: string = randomUUID(),
): EquipmentTestIceAnswer {
  const servers = config.iceServers.map((s) => ({ ...s, urls: Array.isArray(s.urls) ? [...s.urls] : s.urls }));
  const { turn } = config;
  if (turn === null) return { iceServers: servers, hasTurn: false, expiresAt: null };
  const ttlSeconds = Math.min(turn.ttlSeconds, EQUIPMENT_TEST_TURN_TTL_SECONDS);
  const { username, credential, expiresAt } = turnCredential(turn.secret, `equipment-test-${runId}`, ttlSeconds, nowMs);
  return {
    iceServers: [...servers, { urls: [...turn.urls], username, credential }],
    hasTurn: true,
    expiresAt: new Date(expiresAt * 1000).toISOString(),
  };
}
