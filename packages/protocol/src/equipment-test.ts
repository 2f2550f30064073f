/**
 * The equipment test (`/test`, issue 9): what a patient's browser may ask for without logging in.
 * The page stores nothing on the server; it only needs ICE servers to try TURN and a loopback call.
 */
import * as z from 'zod/mini';
import { IceServer, Timestamp } from './common.ts';

/**
 * Answer of `POST /api/equipment-test/ice-servers`: the configured ICE servers plus our TURN
 * server with a credential minted for this test alone, valid for a few minutes.
 */
export const EquipmentTestIceAnswer = z.object({
  iceServers: z.array(IceServer),
  /** Whether a TURN server is configured at all (without one, the network steps are skipped). */
  hasTurn: z.boolean(),
  /** When the TURN credential stops working; null without TURN. */
  expiresAt: z.nullable(Timestamp),
});
export type EquipmentTestIceAnswer = z.infer<typeof EquipmentTestIceAnswer>;

/** How long the equipment test's TURN credential is valid: long enough for the test, no longer. */
export const EQUIPMENT_TEST_TURN_TTL_SECONDS = 300;
