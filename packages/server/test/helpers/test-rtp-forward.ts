/**
 * TEST-ONLY: copies what Janus receives from a meeting's publishers to a UDP socket of a test,
 * so a test can prove that the SFU only ever sees SFrame ciphertext (issue 3, "Tests that must
 * exist"). Nothing in the server calls this: VideoRoom's `rtp_forward` is locked behind the
 * admin key (`lock_rtp_forward`), which users never have and main.ts never passes anywhere.
 * A test gets the key either from its own `JanusSupervisor` (`adminKey`, in-process) or by
 * starting Janus itself and giving the server `JANUS_URL` and `JANUS_ADMIN_KEY`.
 */
import Janode from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import { roomSecret } from '../../src/media/sfu/janus/JanusRoom.ts';

export interface TestRtpForwardOptions {
  /** WebSocket API of the Janus that hosts the meeting's room. */
  janusUrl: string;
  /** The VideoRoom admin key (supervisor.adminKey or JANUS_ADMIN_KEY). */
  adminKey: string;
  /** The Janus API secret (supervisor.apiSecret or JANUS_API_SECRET). */
  apiSecret: string;
  /** The meeting (consultation id): its room carries it as description. */
  meetingId: string;
  /** Where to send the RTP: the test's UDP sockets (one for audio, one for video). */
  host: string;
  audioPort: number;
  videoPort: number;
  /**
   * Simulcast substreams 1 and 2 (videoPort gets substream 0). Chromium sends only two layers
   * of a 640x480 camera, so substream 0 may carry nothing; the test captures the others here.
   */
  simulcastVideoPorts?: readonly [number, number];
}

export interface TestRtpForward {
  /** Janus feed ids now forwarded. */
  feeds: number[];
  /** Ends the test's Janus session (the forwarders stay until the room is destroyed). */
  close(): Promise<void>;
}

/** Forwards every current publisher of the meeting's room to `host:audioPort` / `host:videoPort`. */
export async function startTestRtpForward(o: TestRtpForwardOptions): Promise<TestRtpForward> {
  const connection = await Janode.connect({ address: { url: o.janusUrl, apisecret: o.apiSecret }, max_retries: 1 });
  try {
    const session = await connection.create();
    const handle = await session.attach(VideoRoomPlugin);
    const { list } = await handle.list({ admin_key: o.adminKey });
    const room = list.find((r) => r.description === o.meetingId);
    if (room === undefined) throw new Error(`no Janus room for meeting ${o.meetingId}`);
    const { participants } = await handle.listParticipants({ room: room.room });
    const feeds = participants.filter((p) => p.publisher === true).map((p) => p.feed);
    for (const feed of feeds) {
      await handle.startForward({
        room: room.room,
        feed,
        host: o.host,
        audio_port: o.audioPort,
        video_port: o.videoPort,
        ...(o.simulcastVideoPorts === undefined
          ? {}
          : { video_port_2: o.simulcastVideoPorts[0], video_port_3: o.simulcastVideoPorts[1] }),
        admin_key: o.adminKey,
        secret: roomSecret(o.adminKey, room.room),
      });
    }
    return {
      feeds,
      close: async () => {
        await session.destroy().catch(() => undefined);
        await connection.close().catch(() => undefined);
      },
    };
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
}
