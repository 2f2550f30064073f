/** A VideoRoom on one Janus instance, created for one meeting (issue 3: E2EE only, VP8 + Opus). */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import type { JanusInstance } from './JanusInstance.ts';
import { JanusParticipant } from './JanusParticipant.ts';
import type { SfuParticipant, SfuRoom } from '../SfuAdapter.ts';

/** Most publishers a room accepts (protocol SFU_MAX_PARTICIPANTS). */
export const ROOM_MAX_PUBLISHERS = 50;

/**
 * The room's secret (kick, destroy, rtp_forward): derived from the admin key, so that whoever
 * holds the admin key — our server, and a test that started Janus itself — and nobody else can
 * manage the room. Without an admin key the secret is random and known to this process only.
 */
export function roomSecret(adminKey: string | undefined, roomNumber: number): string {
  if (adminKey === undefined) return randomBytes(18).toString('base64url');
  return createHmac('sha256', adminKey).update(`samtale-room:${roomNumber}`).digest('base64url');
}

export class JanusRoom implements SfuRoom {
  readonly meetingId: string;
  readonly roomNumber: number;
  readonly #instance: JanusInstance;
  readonly #secret: string;
  #isDestroyed = false;

  private constructor(meetingId: string, roomNumber: number, instance: JanusInstance, secret: string) {
    this.meetingId = meetingId;
    this.roomNumber = roomNumber;
    this.#instance = instance;
    this.#secret = secret;
  }

  /** Creates the room on `instance`. */
  static async create(instance: JanusInstance, meetingId: string): Promise<JanusRoom> {
    // Random room numbers: a restarted Janus or another instance never mixes two meetings.
    const roomNumber = randomInt(1, 2 ** 47);
    const secret = roomSecret(instance.adminKey, roomNumber);
    await instance.control.create({
      room: roomNumber,
      description: meetingId,
      max_publishers: ROOM_MAX_PUBLISHERS,
      permanent: false,
      is_private: true,
      secret,
      ...(instance.adminKey === undefined ? {} : { admin_key: instance.adminKey }),
      // Janus refuses publishers that do not declare end-to-end encrypted media (error 433).
      require_e2ee: true,
      videocodec: 'vp8',
      audiocodec: 'opus',
      record: false,
      notify_joining: false,
    });
    instance.roomCount += 1;
    return new JanusRoom(meetingId, roomNumber, instance, secret);
  }

  get instanceId(): string {
    return this.#instance.id;
  }

  async openParticipant(participantId: string): Promise<SfuParticipant> {
    if (this.#isDestroyed) throw new TypeError('room destroyed');
    const session = await this.#instance.createSession();
    this.#instance.participantCount += 1;
    return new JanusParticipant(participantId, this.roomNumber, session, () => {
      this.#instance.participantCount -= 1;
    });
  }

  async destroy(): Promise<void> {
    if (this.#isDestroyed) return;
    this.#isDestroyed = true;
    this.#instance.roomCount -= 1;
    if (!this.#instance.isAlive) return;
    await this.#instance.control.destroy({ room: this.roomNumber, secret: this.#secret });
  }
}
