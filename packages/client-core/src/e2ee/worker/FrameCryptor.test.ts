import { describe, expect, it } from 'vitest';
import { toHex } from '../bytes.ts';
import { keyIdOf } from '../keys/key-id.ts';
import { randomSenderKey, ratchetSenderKey } from '../keys/ratchet.ts';
import { FrameCryptor } from './FrameCryptor.ts';

const VP8_KEYFRAME = new Uint8Array([
  0x50,
  0x42,
  0x00,
  0x9d,
  0x01,
  0x2a,
  0x80,
  0x02,
  0xe0,
  0x01,
  ...new Array<number>(40).fill(7),
]);
const VP8_DELTA = new Uint8Array([0x51, 0x42, 0x00, ...new Array<number>(30).fill(9)]);

function manualSchedule(): { schedule: (run: () => void) => void; runAll: () => void } {
  const pending: Array<() => void> = [];
  return { schedule: (run) => pending.push(run), runAll: () => pending.splice(0).forEach((run) => run()) };
}

describe('FrameCryptor', () => {
  it('keeps the VP8 keyframe header in clear, hides the rest, and restores the exact frame at the receiver', async () => {
    const key = randomSenderKey();
    const alice = new FrameCryptor();
    const bob = new FrameCryptor();
    await alice.setSenderKey(keyIdOf({ epoch: 1, step: 0 }), key);
    await bob.setReceiverKey('alice', keyIdOf({ epoch: 1, step: 0 }), key);
    const sent = await alice.encryptFrame('vp8', VP8_KEYFRAME);
    expect(sent).not.toBeNull();
    expect(toHex(sent?.subarray(0, 10) ?? new Uint8Array())).toBe(toHex(VP8_KEYFRAME.subarray(0, 10)));
    expect(toHex(sent ?? new Uint8Array())).not.toContain(toHex(VP8_KEYFRAME.subarray(10, 30)));
    expect(toHex((await bob.decryptFrame('vp8', sent ?? new Uint8Array())) ?? new Uint8Array())).toBe(
      toHex(VP8_KEYFRAME),
    );
    const delta = await alice.encryptFrame('vp8', VP8_DELTA);
    expect(toHex(delta?.subarray(0, 3) ?? new Uint8Array())).toBe('514200');
    expect(await bob.decryptFrame('vp8', delta ?? new Uint8Array())).toEqual(VP8_DELTA);
  });

  it('fails closed: without a key nothing is sent, and a receiver without the key drops the frame', async () => {
    const alice = new FrameCryptor();
    expect(await alice.encryptFrame('opus', new Uint8Array([0x78, 1, 2, 3]))).toBeNull();
    await alice.setSenderKey(1, randomSenderKey());
    const frame = await alice.encryptFrame('opus', new Uint8Array([0x78, 1, 2, 3]));
    const stranger = new FrameCryptor();
    expect(await stranger.decryptFrame('opus', frame ?? new Uint8Array())).toBeNull();
    // Plaintext injected by a server is dropped too: it does not parse as a frame under a held key.
    await stranger.setReceiverKey('alice', 1, randomSenderKey());
    expect(await stranger.decryptFrame('vp8', VP8_DELTA)).toBeNull();
  });

  it('decrypts a frame by its KID whoever it came through: a reused m-line shows the next participant', async () => {
    const aliceKey = randomSenderKey();
    const carolKey = randomSenderKey();
    const alice = new FrameCryptor();
    const carol = new FrameCryptor();
    await alice.setSenderKey(keyIdOf({ epoch: 1, step: 0 }), aliceKey);
    await carol.setSenderKey(keyIdOf({ epoch: 9, step: 0 }), carolKey);
    const bob = new FrameCryptor();
    await bob.setReceiverKey('alice', keyIdOf({ epoch: 1, step: 0 }), aliceKey);
    await bob.setReceiverKey('carol', keyIdOf({ epoch: 9, step: 0 }), carolKey);
    // The receiver (and its transform) was made for Alice; Janus now forwards Carol's feed on it.
    expect(await bob.decryptFrame('vp8', (await alice.encryptFrame('vp8', VP8_DELTA)) ?? VP8_DELTA, 'alice')).toEqual(
      VP8_DELTA,
    );
    expect(
      await bob.decryptFrame('vp8', (await carol.encryptFrame('vp8', VP8_KEYFRAME)) ?? VP8_DELTA, 'alice'),
    ).toEqual(VP8_KEYFRAME);
    // Carol ratchets (someone joined): the step is derived from her key, still on Alice's receiver.
    await carol.setSenderKey(keyIdOf({ epoch: 9, step: 1 }), await ratchetSenderKey(carolKey));
    expect(await bob.decryptFrame('vp8', (await carol.encryptFrame('vp8', VP8_DELTA)) ?? VP8_DELTA, 'alice')).toEqual(
      VP8_DELTA,
    );
    // Alice left: her keys are gone and her frames drop (fail closed), whatever receiver they use.
    bob.removeSender('alice');
    expect(
      await bob.decryptFrame('vp8', (await alice.encryptFrame('vp8', VP8_DELTA)) ?? VP8_DELTA, 'alice'),
    ).toBeNull();
    expect(
      await bob.decryptFrame('vp8', (await alice.encryptFrame('vp8', VP8_DELTA)) ?? VP8_DELTA, 'carol'),
    ).toBeNull();
  });

  it('drops a frame whose KID no held key has, even while it holds keys of other senders', async () => {
    const bob = new FrameCryptor();
    await bob.setReceiverKey('alice', keyIdOf({ epoch: 1, step: 0 }), randomSenderKey());
    const mallory = new FrameCryptor();
    await mallory.setSenderKey(keyIdOf({ epoch: 2, step: 0 }), randomSenderKey());
    expect(
      await bob.decryptFrame('vp8', (await mallory.encryptFrame('vp8', VP8_DELTA)) ?? VP8_DELTA, 'alice'),
    ).toBeNull();
    // A frame under a held KID but made with another key does not authenticate either.
    const forger = new FrameCryptor();
    await forger.setSenderKey(keyIdOf({ epoch: 1, step: 0 }), randomSenderKey());
    expect(
      await bob.decryptFrame('vp8', (await forger.encryptFrame('vp8', VP8_DELTA)) ?? VP8_DELTA, 'alice'),
    ).toBeNull();
  });

  it('tells apart two senders whose random epochs gave the same KID (authentication decides)', async () => {
    const kid = keyIdOf({ epoch: 77, step: 0 });
    const aliceKey = randomSenderKey();
    const carolKey = randomSenderKey();
    const alice = new FrameCryptor();
    const carol = new FrameCryptor();
    await alice.setSenderKey(kid, aliceKey);
    await carol.setSenderKey(kid, carolKey);
    const bob = new FrameCryptor();
    await bob.setReceiverKey('alice', kid, aliceKey);
    await bob.setReceiverKey('carol', kid, carolKey);
    const fromCarol = (await carol.encryptFrame('vp8', VP8_DELTA)) ?? VP8_DELTA;
    const fromAlice = (await alice.encryptFrame('vp8', VP8_KEYFRAME)) ?? VP8_DELTA;
    expect(await bob.decryptFrame('vp8', fromCarol, 'alice')).toEqual(VP8_DELTA);
    expect(await bob.decryptFrame('vp8', fromAlice, 'carol')).toEqual(VP8_KEYFRAME);
  });

  it('asks for a keyframe from the sender whose key arrives, not from the one the receiver was made for', async () => {
    const keyframes: string[] = [];
    const carolKey = randomSenderKey();
    const carol = new FrameCryptor();
    await carol.setSenderKey(keyIdOf({ epoch: 5, step: 0 }), carolKey);
    const bob = new FrameCryptor({ onKeyframeNeeded: (id) => keyframes.push(id) });
    await bob.setReceiverKey('alice', keyIdOf({ epoch: 1, step: 0 }), randomSenderKey());
    for (let i = 0; i < 3; i += 1) {
      expect(
        await bob.decryptFrame('vp8', (await carol.encryptFrame('vp8', VP8_DELTA)) ?? VP8_DELTA, 'alice'),
      ).toBeNull();
    }
    await bob.setReceiverKey('dave', keyIdOf({ epoch: 6, step: 0 }), randomSenderKey());
    expect(keyframes).toEqual([]);
    await bob.setReceiverKey('carol', keyIdOf({ epoch: 5, step: 0 }), carolKey);
    expect(keyframes).toEqual(['carol']);
    expect(await bob.decryptFrame('vp8', (await carol.encryptFrame('vp8', VP8_DELTA)) ?? VP8_DELTA, 'alice')).toEqual(
      VP8_DELTA,
    );
  });

  it('follows a ratchet step without a message and asks for one keyframe when a missing key arrives', async () => {
    const key = randomSenderKey();
    const keyframes: string[] = [];
    const alice = new FrameCryptor();
    const bob = new FrameCryptor({ onKeyframeNeeded: (id) => keyframes.push(id) });
    await bob.setReceiverKey('alice', keyIdOf({ epoch: 3, step: 0 }), key);
    await alice.setSenderKey(keyIdOf({ epoch: 3, step: 2 }), await ratchetSenderKey(await ratchetSenderKey(key)));
    expect(await bob.decryptFrame('vp8', (await alice.encryptFrame('vp8', VP8_DELTA)) ?? VP8_DELTA)).toEqual(VP8_DELTA);
    // A fresh epoch needs the message: frames drop meanwhile (no keyframe requests), then one request.
    const fresh = randomSenderKey();
    await alice.setSenderKey(keyIdOf({ epoch: 4, step: 0 }), fresh);
    for (let i = 0; i < 5; i += 1) {
      expect(await bob.decryptFrame('vp8', (await alice.encryptFrame('vp8', VP8_DELTA)) ?? VP8_DELTA)).toBeNull();
    }
    expect(keyframes).toEqual([]);
    await bob.setReceiverKey('alice', keyIdOf({ epoch: 4, step: 0 }), fresh);
    expect(keyframes).toEqual(['alice']);
    expect(await bob.decryptFrame('vp8', (await alice.encryptFrame('vp8', VP8_DELTA)) ?? VP8_DELTA)).toEqual(VP8_DELTA);
  });

  it('a removed participant holding every earlier key cannot decrypt frames sent after the rotation', async () => {
    const oldKey = randomSenderKey();
    const alice = new FrameCryptor();
    const removed = new FrameCryptor();
    const stays = new FrameCryptor();
    await alice.setSenderKey(keyIdOf({ epoch: 1, step: 0 }), oldKey);
    await removed.setReceiverKey('alice', keyIdOf({ epoch: 1, step: 0 }), oldKey);
    await stays.setReceiverKey('alice', keyIdOf({ epoch: 1, step: 0 }), oldKey);
    const before = await alice.encryptFrame('vp8', VP8_DELTA);
    expect(await removed.decryptFrame('vp8', before ?? VP8_DELTA)).toEqual(VP8_DELTA);

    const freshKey = randomSenderKey();
    await stays.setReceiverKey('alice', keyIdOf({ epoch: 2, step: 0 }), freshKey);
    await alice.setSenderKey(keyIdOf({ epoch: 2, step: 0 }), freshKey);
    const after = (await alice.encryptFrame('vp8', VP8_DELTA)) ?? VP8_DELTA;
    expect(await removed.decryptFrame('vp8', after)).toBeNull();
    expect(await stays.decryptFrame('vp8', after)).toEqual(VP8_DELTA);
  });

  it('keeps an old key for late frames after a newer one decrypted, then deletes it', async () => {
    const timers = manualSchedule();
    const oldKey = randomSenderKey();
    const newKey = randomSenderKey();
    const alice = new FrameCryptor();
    const bob = new FrameCryptor({ schedule: timers.schedule });
    await bob.setReceiverKey('alice', keyIdOf({ epoch: 1, step: 0 }), oldKey);
    await bob.setReceiverKey('alice', keyIdOf({ epoch: 2, step: 0 }), newKey);
    await alice.setSenderKey(keyIdOf({ epoch: 1, step: 0 }), oldKey);
    const late1 = (await alice.encryptFrame('vp8', VP8_DELTA)) ?? VP8_DELTA;
    const late2 = (await alice.encryptFrame('vp8', VP8_DELTA)) ?? VP8_DELTA;
    await alice.setSenderKey(keyIdOf({ epoch: 2, step: 0 }), newKey);
    expect(await bob.decryptFrame('vp8', (await alice.encryptFrame('vp8', VP8_DELTA)) ?? VP8_DELTA)).toEqual(VP8_DELTA);
    expect(await bob.decryptFrame('vp8', late1)).toEqual(VP8_DELTA);
    timers.runAll();
    expect(await bob.decryptFrame('vp8', late2)).toBeNull();
  });

  it('in the test-only plaintext mode passes frames unchanged (what the SFU detector must flag)', async () => {
    const plain = new FrameCryptor({ isPlaintextForTests: true });
    expect(await plain.encryptFrame('vp8', VP8_DELTA)).toEqual(VP8_DELTA);
  });
});
