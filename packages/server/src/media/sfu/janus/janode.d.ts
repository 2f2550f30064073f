/**
 * The part of janode (https://github.com/meetecho/janode, plain JavaScript) that Samtale uses,
 * typed once here instead of silencing the compiler at each call.
 */
declare module 'janode' {
  import type { EventEmitter } from 'node:events';

  export interface JanodeJsep {
    type: 'offer' | 'answer';
    sdp: string;
    e2ee?: boolean;
  }

  export interface JanodeCandidate {
    candidate: string;
    sdpMid?: string | null;
    sdpMLineIndex?: number | null;
  }

  export class JanodeHandle extends EventEmitter {
    readonly id: number;
    trickle(candidate: JanodeCandidate): Promise<unknown>;
    trickleComplete(): Promise<unknown>;
    hangup(): Promise<unknown>;
    detach(): Promise<unknown>;
  }

  export interface JanodeSession extends EventEmitter {
    readonly id: number;
    attach<H extends JanodeHandle>(plugin: { id: string; Handle: new (...args: never[]) => H }): Promise<H>;
    destroy(): Promise<unknown>;
  }

  export interface JanodeConnection extends EventEmitter {
    create(keepAliveSeconds?: number): Promise<JanodeSession>;
    close(): Promise<unknown>;
    getInfo(): Promise<unknown>;
  }

  const Janode: {
    connect(config: {
      address: { url: string; apisecret?: string } | { url: string; apisecret?: string }[];
      retry_time_secs?: number;
      max_retries?: number;
    }): Promise<JanodeConnection>;
    EVENT: {
      CONNECTION_CLOSED: 'connection_closed';
      SESSION_DESTROYED: 'session_destroyed';
      HANDLE_DETACHED: 'handle_detached';
      HANDLE_ICE_FAILED: 'handle_ice_failed';
      HANDLE_HANGUP: 'handle_hangup';
      HANDLE_MEDIA: 'handle_media';
      HANDLE_WEBRTCUP: 'handle_webrtcup';
      HANDLE_SLOWLINK: 'handle_slowlink';
      HANDLE_TRICKLE: 'handle_trickle';
      CONNECTION_ERROR: 'connection_error';
    };
    Logger: { setLevel(level: 'none' | 'error' | 'warning' | 'info' | 'verbose' | 'debug'): void };
  };
  export default Janode;
}

declare module 'janode/plugins/videoroom' {
  import type { JanodeCandidate, JanodeHandle, JanodeJsep } from 'janode';

  /** One stream of a subscriber's multistream peer connection. */
  export interface JanodeStreamInfo {
    type?: string;
    mid?: string;
    feed_id?: number;
    active?: boolean;
  }

  export class VideoRoomHandle extends JanodeHandle {
    create(p: {
      room: number;
      description?: string;
      max_publishers?: number;
      permanent?: boolean;
      is_private?: boolean;
      secret?: string;
      admin_key?: string;
      audiocodec?: string;
      videocodec?: string;
      require_e2ee?: boolean;
      record?: boolean;
      talking_events?: boolean;
      notify_joining?: boolean;
    }): Promise<{ room: number }>;
    destroy(p: { room: number; secret?: string }): Promise<unknown>;
    exists(p: { room: number }): Promise<{ room: number; exists: boolean }>;
    joinConfigurePublisher(p: {
      room: number;
      feed?: number;
      display?: string;
      e2ee?: boolean;
      audio?: boolean;
      video?: boolean;
      jsep: JanodeJsep;
    }): Promise<{ feed: number; jsep?: JanodeJsep }>;
    configure(p: {
      keyframe?: boolean;
      jsep?: JanodeJsep;
      e2ee?: boolean;
      streams?: { mid: string; substream?: number }[];
    }): Promise<unknown>;
    joinSubscriber(p: {
      room: number;
      streams: { feed: number; mid?: string; substream?: number }[];
      autoupdate?: boolean;
    }): Promise<{ jsep?: JanodeJsep; streams?: JanodeStreamInfo[] }>;
    update(p: {
      subscribe?: { feed: number; mid?: string; substream?: number }[];
      unsubscribe?: { feed: number; mid?: string }[];
    }): Promise<{ jsep?: JanodeJsep; streams?: JanodeStreamInfo[] }>;
    start(p: { jsep?: JanodeJsep }): Promise<unknown>;
    leave(): Promise<unknown>;
    list(p: { admin_key?: string }): Promise<{ list: { room: number; description: string }[] }>;
    listParticipants(p: { room: number; secret?: string }): Promise<{
      participants: { feed: number; display?: string; publisher?: boolean }[];
    }>;
    startForward(p: {
      room: number;
      feed: number;
      host: string;
      audio_port?: number;
      video_port?: number;
      /** Simulcast: substreams 1 and 2 (video_port carries substream 0). */
      video_port_2?: number;
      video_port_3?: number;
      secret?: string;
      admin_key?: string;
    }): Promise<{ forwarders?: unknown }>;
  }

  const VideoRoomPlugin: {
    id: string;
    Handle: typeof VideoRoomHandle;
    EVENT: Record<string, string>;
  };
  export default VideoRoomPlugin;
  export type { JanodeCandidate };
}
