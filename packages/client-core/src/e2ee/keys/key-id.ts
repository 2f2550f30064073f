/**
 * Our SFrame KIDs are 32-bit: (epoch << 16) | step. A fresh random key (after someone left)
 * starts a new epoch at step 0; a ratchet (after someone joined) is the next step of the same
 * epoch. A receiver that holds step s of an epoch can derive any later step itself, so only the
 * newcomer needs a message on join; a fresh key must be delivered to everyone.
 */
export interface KeyIdParts {
  epoch: number;
  step: number;
}

export function keyIdOf({ epoch, step }: KeyIdParts): number {
  return ((epoch & 0xffff) * 0x10000 + (step & 0xffff)) >>> 0;
}

export function partsOf(keyId: number): KeyIdParts {
  return { epoch: Math.floor(keyId / 0x10000) & 0xffff, step: keyId & 0xffff };
}
