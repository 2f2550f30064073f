/** Why the browser would not give us a camera or microphone, in terms a UI can explain. */
export type MediaAccessErrorKind = 'denied' | 'not-found' | 'in-use' | 'unknown';

/** A getUserMedia failure mapped to a kind the device check can explain and offer a way out of. */
export class MediaAccessError extends Error {
  override readonly name = 'MediaAccessError';

  constructor(
    readonly kind: MediaAccessErrorKind,
    options: { cause: unknown },
  ) {
    super(`Camera or microphone not available (${kind})`, options);
  }
}

/**
 * Maps a getUserMedia rejection (https://w3c.github.io/mediacapture-main/#dom-mediadevices-getusermedia)
 * to a MediaAccessError. Browsers name the same situation differently, hence several names per kind.
 */
export function toMediaAccessError(error: unknown): MediaAccessError {
  if (error instanceof MediaAccessError) return error;
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  return new MediaAccessError(kindOf(name), { cause: error });
}

function kindOf(name: string): MediaAccessErrorKind {
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError':
      return 'not-found';
    case 'NotReadableError':
    case 'AbortError':
    case 'TrackStartError':
      return 'in-use';
    default:
      return 'unknown';
  }
}
