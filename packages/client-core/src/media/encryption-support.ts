/**
 * Whether this browser can take part in an end-to-end encrypted call at all: it needs encoded
 * transforms on both senders and receivers — RTCRtpScriptTransform (Firefox, Safari, Chromium
 * 141+) or Chromium's createEncodedStreams — and Workers. Checked at the device check, before
 * the waiting room (issue 11): a browser without them is told so and never joins, because every
 * call requires E2EE and its frames could neither be encrypted nor decrypted.
 */
export function canEncryptCalls(scope: EncryptionScope = globalThis): boolean {
  if (typeof scope.Worker !== 'function') return false;
  if (typeof scope.RTCRtpScriptTransform === 'function') return true;
  const hasStreams = (api: { prototype: object } | undefined): boolean =>
    api !== undefined &&
    typeof (api.prototype as { createEncodedStreams?: unknown }).createEncodedStreams === 'function';
  return hasStreams(scope.RTCRtpSender) && hasStreams(scope.RTCRtpReceiver);
}

/** The globals the check reads (a parameter, so tests can describe a browser). */
export interface EncryptionScope {
  Worker?: unknown;
  RTCRtpScriptTransform?: unknown;
  RTCRtpSender?: { prototype: object };
  RTCRtpReceiver?: { prototype: object };
}
