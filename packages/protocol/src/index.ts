export * from './version.ts';
export * from './errors.ts';
export * from './common.ts';
export * from './api.ts';
export * from './signaling.ts';
export * from './webrtc.ts';
export * from './meetings.ts';
export * from './sfu.ts';
