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

/**
 * What the clinic learns of a test run from an invitation's `/test#<key>` link (issue 9): only
 * whether the call should work (`ok`: good, or works with advice) or something must be fixed
 * (`problem`). Never which step failed, the devices, the network or the measurements.
 */
export const EquipmentTestVerdict = z.enum(['ok', 'problem']);
export type EquipmentTestVerdict = z.infer<typeof EquipmentTestVerdict>;

/** The key in the fragment of an invitation's `/test` link: 32 random bytes, base64url. */
export const EquipmentTestKey = z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/));

/**
 * POST /api/equipment-test/result — the key goes in the body (it is never sent in a URL: the
 * fragment stays in the browser). Answers 204; unknown keys count against the address like
 * unknown invitation links (RATE_LIMITED).
 */
export const EquipmentTestResultBody = z.strictObject({ key: EquipmentTestKey, verdict: EquipmentTestVerdict });
export type EquipmentTestResultBody = z.infer<typeof EquipmentTestResultBody>;

/** The latest test run reported for an appointment, as its clinician sees it. */
export const EquipmentTestReport = z.object({ at: Timestamp, verdict: EquipmentTestVerdict });
export type EquipmentTestReport = z.infer<typeof EquipmentTestReport>;
