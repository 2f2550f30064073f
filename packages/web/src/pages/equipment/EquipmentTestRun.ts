/**
 * One run of the equipment test: owns the camera and microphone it opens, the audio context and
 * the peer connections, reports each step's state through signals, and ends in a verdict. Nothing
 * is sent to the server but the request for ICE servers and a WebSocket ping (issue 9: stores
 * nothing). `close()` is idempotent and releases everything.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import {
  canEncryptCalls,
  createLevelMeter,
  toMediaAccessError,
  type MediaAccessErrorKind,
} from '@samtale/client-core/media-checks';
import { ApiRequestError, type ApiClient } from '../../api/ApiClient.ts';
import type { EquipmentKey } from './texts/index.ts';
import {
  checkWebSocket,
  loopbackCall,
  parseTestIceServers,
  probeRelay,
  relayServer,
  turnUrlsOf,
  type TestIceServers,
} from './network-checks.ts';
import { playTestSound, toneTrack } from './speaker-sound.ts';
import {
  turnUrlsByTransport,
  verdictOf,
  isSlow,
  type CallOutcome,
  type DeviceOutcome,
  type EquipmentResults,
  type MicrophoneOutcome,
  type RelayOutcome,
  type Verdict,
} from './verdict.ts';

export const STEP_IDS = [
  'camera',
  'microphone',
  'speaker',
  'server',
  'turnUdp',
  'turnTcp',
  'call',
  'encryption',
] as const;
export type StepId = (typeof STEP_IDS)[number];
/** The steps that run by themselves (the speaker needs the person's answer). */
export const AUTOMATIC_STEPS: readonly StepId[] = STEP_IDS.filter((s) => s !== 'speaker');

export type StepState = 'pending' | 'running' | 'ok' | 'warn' | 'fail' | 'skipped';
export interface StepView {
  state: StepState;
  detail: EquipmentKey | null;
  params?: Record<string, string | number>;
}

export interface EquipmentTestDeps {
  api: ApiClient;
  wsUrl: string;
  mediaDevices: MediaDevices;
}

const WEBSOCKET_TIMEOUT_MS = 5_000;
const RELAY_TIMEOUT_MS = 10_000;
const CALL_CONNECT_TIMEOUT_MS = 15_000;
const CALL_MEASURE_MS = 3_000;
const MICROPHONE_LISTEN_MS = 10_000;
/** A level the meter reaches with speech or the fake device's tone, not with a muted microphone. */
const HEARD_LEVEL = 0.2;

const INITIAL: Record<StepId, StepView> = Object.fromEntries(
  STEP_IDS.map((id) => [id, { state: 'pending', detail: null }]),
) as Record<StepId, StepView>;

export class EquipmentTestRun {
  readonly #deps: EquipmentTestDeps;
  readonly #steps = signal<Record<StepId, StepView>>(INITIAL);
  readonly #camera = signal<MediaStream | null>(null);
  readonly #level = signal(0);
  readonly #verdict = signal<Verdict | null>(null);
  /** Finished steps in the order they finished, for the live log. */
  readonly #finished = signal<StepId[]>([]);
  readonly #closers: (() => void)[] = [];
  #results: EquipmentResults | null = null;
  #audio: AudioContext | null = null;
  #isClosed = false;

  constructor(deps: EquipmentTestDeps) {
    this.#deps = deps;
  }

  get steps(): ReadonlySignal<Record<StepId, StepView>> {
    return this.#steps;
  }
  get camera(): ReadonlySignal<MediaStream | null> {
    return this.#camera;
  }
  /** Microphone level 0..1. */
  get level(): ReadonlySignal<number> {
    return this.#level;
  }
  get verdict(): ReadonlySignal<Verdict | null> {
    return this.#verdict;
  }
  get finished(): ReadonlySignal<StepId[]> {
    return this.#finished;
  }

  /** Runs every automatic step; call from a click (the audio context needs a user gesture). */
  async run(): Promise<void> {
    this.#audio = new AudioContext();
    void this.#audio.resume().catch(() => undefined);
    this.#closers.push(() => void this.#audio?.close().catch(() => undefined));
    for (const id of AUTOMATIC_STEPS) this.#set(id, { state: 'running', detail: null });
    this.#set('speaker', { state: 'pending', detail: 'detail.speakerAsk' });

    const canEncrypt = canEncryptCalls();
    this.#set('encryption', {
      state: canEncrypt ? 'ok' : 'fail',
      detail: canEncrypt ? 'detail.encryptionOk' : 'detail.encryptionMissing',
    });

    const server = this.#checkServer();
    const devices = this.#openDevices();
    const relays = server.then((ice) => this.#probeRelays(ice));
    const microphone = devices.then((d): Promise<MicrophoneOutcome> | MicrophoneOutcome =>
      d.microphone === null
        ? { kind: 'problem', problem: d.microphoneProblem ?? 'not-found' }
        : this.#listen(d.microphone),
    );
    const [ice, opened, relayOutcomes] = await Promise.all([server, devices, relays]);
    const call = await this.#call(ice, opened, relayOutcomes);
    const microphoneOutcome = await microphone;
    if (this.#isClosed) return;
    this.#results = {
      camera: opened.cameraOutcome,
      microphone: microphoneOutcome,
      speaker: null,
      isServerReached: ice.isReached,
      hasTurn: ice.servers?.hasTurn ?? false,
      turnUdp: relayOutcomes.udp,
      turnTcp: relayOutcomes.tcp,
      call,
      canEncrypt,
    };
    this.#verdict.value = verdictOf(this.#results);
  }

  /** Plays the speaker test's sound. */
  async playSound(): Promise<void> {
    const context = this.#audio ?? new AudioContext();
    this.#audio ??= context;
    await context.resume().catch(() => undefined);
    await playTestSound(context);
  }

  /** The person's answer to "did you hear the sound?"; updates the verdict when it is known. */
  answerSpeaker(isHeard: boolean): void {
    this.#set('speaker', {
      state: isHeard ? 'ok' : 'warn',
      detail: isHeard ? 'detail.speakerHeard' : 'detail.speakerNotHeard',
    });
    if (this.#results !== null) {
      this.#results = { ...this.#results, speaker: isHeard ? 'heard' : 'not-heard' };
      this.#verdict.value = verdictOf(this.#results);
    }
  }

  /** Stops the camera, microphone, meter and audio; idempotent. */
  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    for (const close of this.#closers.splice(0).reverse()) close();
  }

  #set(id: StepId, view: StepView): void {
    if (this.#isClosed) return;
    this.#steps.value = { ...this.#steps.value, [id]: view };
    const isFinal = view.state !== 'pending' && view.state !== 'running';
    if (isFinal) this.#finished.value = [...this.#finished.value.filter((s) => s !== id), id];
  }

  async #checkServer(): Promise<{ isReached: boolean; servers: TestIceServers | null; isRateLimited: boolean }> {
    let servers: TestIceServers | null = null;
    let isHttpReached: boolean;
    let isRateLimited = false;
    try {
      servers = await this.#deps.api.post('/api/equipment-test/ice-servers', {}, parseTestIceServers);
      isHttpReached = true;
    } catch (error) {
      // A coded answer came back: the server was reached, it only refused (too many tests).
      isHttpReached = error instanceof ApiRequestError && error.code !== 'NETWORK' && error.status < 500;
      isRateLimited = error instanceof ApiRequestError && error.code === 'RATE_LIMITED';
    }
    const isSocketReached = isHttpReached && (await checkWebSocket(this.#deps.wsUrl, WEBSOCKET_TIMEOUT_MS));
    const isReached = isHttpReached && isSocketReached;
    this.#set('server', {
      state: isReached ? 'ok' : 'fail',
      detail: isReached ? 'detail.reached' : 'detail.notReached',
    });
    return { isReached, servers, isRateLimited };
  }

  async #probeRelays(ice: {
    servers: TestIceServers | null;
    isRateLimited: boolean;
  }): Promise<{ udp: RelayOutcome; tcp: RelayOutcome }> {
    const servers = ice.servers;
    if (servers === null || !servers.hasTurn) {
      const detail: EquipmentKey = ice.isRateLimited ? 'detail.rateLimited' : 'detail.noTurn';
      this.#set('turnUdp', { state: 'skipped', detail });
      this.#set('turnTcp', { state: 'skipped', detail });
      return { udp: 'not-configured', tcp: 'not-configured' };
    }
    const urls = turnUrlsByTransport(turnUrlsOf(servers.iceServers));
    const probe = async (id: 'turnUdp' | 'turnTcp', transportUrls: string[]): Promise<RelayOutcome> => {
      const server = relayServer(servers.iceServers, transportUrls);
      if (server === null) {
        this.#set(id, { state: 'skipped', detail: 'detail.noTurn' });
        return 'not-configured';
      }
      const isOpen = await probeRelay(server, RELAY_TIMEOUT_MS);
      this.#set(id, { state: isOpen ? 'ok' : 'fail', detail: isOpen ? 'detail.relayOk' : 'detail.relayBlocked' });
      return isOpen ? 'open' : 'blocked';
    };
    const [udp, tcp] = await Promise.all([probe('turnUdp', urls.udp), probe('turnTcp', urls.tcp)]);
    return { udp, tcp };
  }

  async #openDevices(): Promise<{
    cameraOutcome: DeviceOutcome;
    camera: MediaStreamTrack | null;
    microphone: MediaStreamTrack | null;
    microphoneProblem: MediaAccessErrorKind | null;
  }> {
    const { mediaDevices } = this.#deps;
    const keep = (stream: MediaStream): MediaStream => {
      this.#closers.push(() => stream.getTracks().forEach((t) => t.stop()));
      return stream;
    };
    let camera: MediaStreamTrack | null = null;
    let microphone: MediaStreamTrack | null = null;
    let cameraProblem: MediaAccessErrorKind | null = null;
    let microphoneProblem: MediaAccessErrorKind | null = null;
    try {
      // One prompt for both in the usual case.
      const both = keep(await mediaDevices.getUserMedia({ video: true, audio: true }));
      camera = both.getVideoTracks()[0] ?? null;
      microphone = both.getAudioTracks()[0] ?? null;
    } catch {
      // Which one failed, and why: ask for each on its own.
      try {
        camera = keep(await mediaDevices.getUserMedia({ video: true })).getVideoTracks()[0] ?? null;
      } catch (error) {
        cameraProblem = toMediaAccessError(error).kind;
      }
      try {
        microphone = keep(await mediaDevices.getUserMedia({ audio: true })).getAudioTracks()[0] ?? null;
      } catch (error) {
        microphoneProblem = toMediaAccessError(error).kind;
      }
    }
    if (camera === null && cameraProblem === null) cameraProblem = 'not-found';
    if (microphone === null && microphoneProblem === null) microphoneProblem = 'not-found';
    if (camera !== null) this.#camera.value = new MediaStream([camera]);
    this.#set('camera', {
      state: camera ? 'ok' : 'fail',
      detail: camera ? 'detail.cameraOk' : 'detail.deviceProblem',
    });
    if (microphone !== null) this.#set('microphone', { state: 'running', detail: 'detail.microphoneListening' });
    else this.#set('microphone', { state: 'fail', detail: 'detail.deviceProblem' });
    return {
      cameraOutcome: cameraProblem === null ? { kind: 'ok' } : { kind: 'problem', problem: cameraProblem },
      camera,
      microphone,
      microphoneProblem,
    };
  }

  /** Shows the level and waits until the microphone hears something, or gives up after a while. */
  #listen(track: MediaStreamTrack): Promise<MicrophoneOutcome> {
    return new Promise((resolve) => {
      let isDecided = false;
      const decide = (outcome: MicrophoneOutcome): void => {
        if (isDecided) return;
        isDecided = true;
        clearTimeout(timer);
        const isHeard = outcome.kind === 'ok';
        this.#set('microphone', {
          state: isHeard ? 'ok' : 'warn',
          detail: isHeard ? 'detail.microphoneOk' : 'detail.microphoneSilent',
        });
        resolve(outcome);
      };
      const meter = createLevelMeter(new MediaStream([track]), (level) => {
        this.#level.value = level;
        if (level >= HEARD_LEVEL) decide({ kind: 'ok' });
      });
      this.#closers.push(() => meter.close());
      const timer = setTimeout(() => decide({ kind: 'silent' }), MICROPHONE_LISTEN_MS);
      this.#closers.push(() => clearTimeout(timer));
    });
  }

  async #call(
    ice: { servers: TestIceServers | null },
    devices: { camera: MediaStreamTrack | null; microphone: MediaStreamTrack | null },
    relays: { udp: RelayOutcome; tcp: RelayOutcome },
  ): Promise<CallOutcome> {
    const servers = ice.servers;
    if (servers === null || !servers.hasTurn) {
      this.#set('call', { state: 'skipped', detail: 'detail.noTurn' });
      return { kind: 'skipped' };
    }
    if (relays.udp !== 'open' && relays.tcp !== 'open') {
      // No relay answered: a call through TURN cannot connect, and waiting for it says nothing new.
      this.#set('call', { state: 'fail', detail: 'detail.callFailed' });
      return { kind: 'failed' };
    }
    const original = devices.camera ?? devices.microphone;
    const track = original?.clone() ?? (this.#audio ? toneTrack(this.#audio) : null);
    const server = relayServer(servers.iceServers, turnUrlsOf(servers.iceServers));
    if (track === null || server === null) {
      this.#set('call', { state: 'fail', detail: 'detail.callFailed' });
      return { kind: 'failed' };
    }
    try {
      const measured = await loopbackCall([server], track, {
        connectTimeoutMs: CALL_CONNECT_TIMEOUT_MS,
        measureMs: CALL_MEASURE_MS,
      });
      if (measured === null) {
        this.#set('call', { state: 'fail', detail: 'detail.callFailed' });
        return { kind: 'failed' };
      }
      const outcome = { kind: 'measured', ...measured, isVideo: track.kind === 'video' } as const;
      this.#set('call', {
        state: isSlow(outcome) ? 'warn' : 'ok',
        detail: 'detail.callMeasured',
        params: { kbps: measured.kbps, capacity: measured.capacityKbps ?? '–', rtt: measured.rttMs ?? '–' },
      });
      return outcome;
    } finally {
      track.stop();
    }
  }
}
