import { Emitter, type ListenerOptions } from '../events.ts';
import { toMediaAccessError } from './media-access-error.ts';

export type MediaKind = 'audio' | 'video';
export type InputKind = 'audioinput' | 'videoinput';

export interface LocalMediaOpenOptions {
  /** A device id, `undefined` for the default device, or `false` for none. */
  audioDeviceId?: string | false | undefined;
  videoDeviceId?: string | false | undefined;
  /** Defaults to `navigator.mediaDevices`. */
  mediaDevices?: MediaDevices;
}

export interface LocalMediaEvents {
  /** A track was swapped (device switch); every sender of `kind` must now send `track`. */
  tracksReplaced: { kind: MediaKind; track: MediaStreamTrack | null };
  /** Microphone or camera was turned on or off. */
  stateChanged: { isAudioOn: boolean; isVideoOn: boolean };
}

/**
 * The local camera and microphone. Owns its tracks (stops them on `close()`). Calls listen to
 * `tracksReplaced` and swap the track in their senders with replaceTrack, so a device switch
 * needs no renegotiation.
 */
export class LocalMedia {
  readonly stream: MediaStream;
  readonly #mediaDevices: MediaDevices | null;
  readonly #events = new Emitter<LocalMediaEvents>();
  #isClosed = false;

  /** Wraps an existing stream (tests, bench); `open()` is the usual way in. */
  constructor(stream: MediaStream, mediaDevices: MediaDevices | null = null) {
    this.stream = stream;
    this.#mediaDevices = mediaDevices;
  }

  /** Asks for camera and microphone; rejects with MediaAccessError. */
  static async open(options: LocalMediaOpenOptions = {}): Promise<LocalMedia> {
    const mediaDevices = options.mediaDevices ?? navigator.mediaDevices;
    const audio = constraintFor(options.audioDeviceId);
    const video = constraintFor(options.videoDeviceId);
    // Joining without devices is allowed (issue 2): no prompt, an empty stream.
    if (audio === false && video === false) return new LocalMedia(new MediaStream(), mediaDevices);
    try {
      return new LocalMedia(await mediaDevices.getUserMedia({ audio, video }), mediaDevices);
    } catch (error) {
      throw toMediaAccessError(error);
    }
  }

  get audioTrack(): MediaStreamTrack | null {
    return this.stream.getAudioTracks()[0] ?? null;
  }

  get videoTrack(): MediaStreamTrack | null {
    return this.stream.getVideoTracks()[0] ?? null;
  }

  get isAudioOn(): boolean {
    return this.audioTrack?.enabled ?? false;
  }

  get isVideoOn(): boolean {
    return this.videoTrack?.enabled ?? false;
  }

  /** The track of `kind`, or null when there is none. */
  trackOf(kind: MediaKind): MediaStreamTrack | null {
    return kind === 'audio' ? this.audioTrack : this.videoTrack;
  }

  on<K extends keyof LocalMediaEvents>(
    name: K,
    listener: (payload: LocalMediaEvents[K]) => void,
    options?: ListenerOptions,
  ): () => void {
    return this.#events.on(name, listener, options);
  }

  /** Mutes or unmutes: a disabled track sends silence, and the peers keep their connection. */
  setAudioEnabled(on: boolean): void {
    for (const track of this.stream.getAudioTracks()) track.enabled = on;
    this.#emitState();
  }

  /** Turns the picture on or off: a disabled track sends black frames. */
  setVideoEnabled(on: boolean): void {
    for (const track of this.stream.getVideoTracks()) track.enabled = on;
    this.#emitState();
  }

  /** Switches to another camera or microphone; rejects with MediaAccessError. */
  async switchDevice(kind: InputKind, deviceId: string): Promise<void> {
    if (this.#isClosed) throw new TypeError('LocalMedia is closed');
    const mediaDevices = this.#mediaDevices ?? navigator.mediaDevices;
    const mediaKind: MediaKind = kind === 'audioinput' ? 'audio' : 'video';
    const old = this.trackOf(mediaKind);
    const constraints = { [mediaKind]: { deviceId: { exact: deviceId } } };
    let fresh: MediaStreamTrack;
    try {
      fresh = await acquireTrack(mediaDevices, constraints, mediaKind);
    } catch (error) {
      // Many phones cannot open two cameras at once: free the old one and try again.
      if (old === null || toMediaAccessError(error).kind !== 'in-use') throw toMediaAccessError(error);
      old.stop();
      try {
        fresh = await acquireTrack(mediaDevices, constraints, mediaKind);
      } catch (retryError) {
        this.stream.removeTrack(old);
        this.#events.emit('tracksReplaced', { kind: mediaKind, track: null });
        throw toMediaAccessError(retryError);
      }
    }
    if (this.#isClosed) {
      fresh.stop();
      return;
    }
    fresh.enabled = old?.enabled ?? true;
    if (old !== null) {
      this.stream.removeTrack(old);
      old.stop();
    }
    this.stream.addTrack(fresh);
    this.#events.emit('tracksReplaced', { kind: mediaKind, track: fresh });
  }

  /** Stops every track (the camera light goes off). Idempotent. */
  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    for (const track of this.stream.getTracks()) track.stop();
    this.#events.clear();
  }

  #emitState(): void {
    this.#events.emit('stateChanged', { isAudioOn: this.isAudioOn, isVideoOn: this.isVideoOn });
  }
}

function constraintFor(deviceId: string | false | undefined): MediaTrackConstraints | boolean {
  if (deviceId === false) return false;
  if (deviceId === undefined) return true;
  return { deviceId: { exact: deviceId } };
}

async function acquireTrack(
  mediaDevices: MediaDevices,
  constraints: MediaStreamConstraints,
  kind: MediaKind,
): Promise<MediaStreamTrack> {
  const stream = await mediaDevices.getUserMedia(constraints);
  const track = kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
  if (track === undefined) throw new DOMException('No track of the requested kind', 'NotFoundError');
  return track;
}
