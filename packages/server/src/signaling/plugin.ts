/**
 * STUB — to be replaced by the signaling implementation (WebSocket gateway at /ws).
 * The shape of `signalingPlugin` and `SignalingOptions` is the contract app.ts relies on.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../config/config.ts';
import type { Storage } from '../storage/types.ts';
import type { Bus } from '../cluster/Bus.ts';

export interface SignalingOptions {
  config: Config;
  storage: Storage;
  bus: Bus;
  /** Injectable clock for tests. */
  now?: () => Date;
}

export const signalingPlugin: FastifyPluginAsync<SignalingOptions> = async () => {};
