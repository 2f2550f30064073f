import { describe, expect, it } from 'vitest';
import { canEncryptCalls } from './encryption-support.ts';

class WithStreams {
  createEncodedStreams(): void {}
}
class Plain {}
const Worker = class {};
const RTCRtpScriptTransform = class {};

describe('encryption support (the device check)', () => {
  it('accepts a browser with RTCRtpScriptTransform (Firefox, Safari) or with encoded streams on senders and receivers (Chromium)', () => {
    expect(canEncryptCalls({ Worker, RTCRtpScriptTransform, RTCRtpSender: Plain, RTCRtpReceiver: Plain })).toBe(true);
    expect(canEncryptCalls({ Worker, RTCRtpSender: WithStreams, RTCRtpReceiver: WithStreams })).toBe(true);
  });

  it('refuses a browser without encoded transforms, with them only on senders, or without Workers', () => {
    expect(canEncryptCalls({ Worker, RTCRtpSender: Plain, RTCRtpReceiver: Plain })).toBe(false);
    expect(canEncryptCalls({ Worker, RTCRtpSender: WithStreams, RTCRtpReceiver: Plain })).toBe(false);
    expect(canEncryptCalls({ RTCRtpScriptTransform, RTCRtpSender: WithStreams, RTCRtpReceiver: WithStreams })).toBe(
      false,
    );
    expect(canEncryptCalls({})).toBe(false);
  });
});
