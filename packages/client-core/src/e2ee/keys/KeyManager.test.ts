import type { SignalData } from '@samtale/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromBase64Url, toBase64Url, toHex } from '../bytes.ts';
import { partsOf } from './key-id.ts';
import { KeyManager, type RotationOptions } from './KeyManager.ts';
import { ratchetSenderKey } from './ratchet.ts';
import { FrameCryptor } from '../worker/FrameCryptor.ts';

const CALL = 'c0000000-0000-4000-8000-000000000001';
const ROTATION = { debounceMs: 5, switchDelayMs: 20 };

interface Received {
  senderId: string;
  keyId: number;
  key: Uint8Array;
}

/** N managers whose signals are relayed as the server would (JSON copy, next macrotask). */
class Relay {
  readonly managers = new Map<string, KeyManager>();
  readonly received = new Map<string, Received[]>();
  readonly sent = new Map<string, number[]>();
  readonly #rotation: RotationOptions;
  /** Lets a test play a server that rewrites what it relays. */
  tamper: (from: string, to: string, data: SignalData) => SignalData = (_from, _to, data) => data;

  constructor(rotation: RotationOptions = {}) {
    this.#rotation = { ...ROTATION, ...rotation };
  }

  /** `subtle`: this participant's WebCrypto (e.g. one without X25519). */
  add(id: string, subtle?: SubtleCrypto): KeyManager {
    const manager = new KeyManager({
      callId: CALL,
      selfId: id,
      rotation: this.#rotation,
      ...(subtle === undefined ? {} : { subtle }),
      sendSignal: (to, data) => {
        const copy = JSON.parse(JSON.stringify(this.tamper(id, to, data))) as SignalData;
        setTimeout(() => this.managers.get(to)?.handleSignal(id, copy), 0);
      },
    });
    this.managers.set(id, manager);
    this.received.set(id, []);
    this.sent.set(id, []);
    manager.on('receiverKeyReceived', (k) => this.received.get(id)?.push(k));
    manager.on('senderKeyChanged', (k) => this.sent.get(id)?.push(k.keyId));
    return manager;
  }

  /** Everyone sees the same admitted roster. */
  roster(ids: readonly string[]): void {
    for (const [id, manager] of this.managers) if (ids.includes(id)) manager.setMembers(ids);
  }

  get(id: string): KeyManager {
    const manager = this.managers.get(id);
    if (manager === undefined) throw new Error(id);
    return manager;
  }

  close(): void {
    for (const manager of this.managers.values()) manager.close();
  }
}

/** WebCrypto as in a browser without X25519 (older Safari, Firefox): the algorithm is unknown. */
function withoutX25519(subtle: SubtleCrypto = globalThis.crypto.subtle): SubtleCrypto {
  const isX25519 = (algorithm: unknown): boolean =>
    algorithm === 'X25519' ||
    (typeof algorithm === 'object' && algorithm !== null && 'name' in algorithm && algorithm.name === 'X25519');
  const refuse = (): Promise<never> => Promise.reject(new DOMException('Unrecognized name', 'NotSupportedError'));
  return new Proxy(subtle, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        if (args.some(isX25519)) return refuse();
        return Reflect.apply(value, target, args);
      };
    },
  });
}

let relay: Relay;
afterEach(() => relay?.close());

async function activeTogether(ids: readonly string[]): Promise<void> {
  await vi.waitFor(() => {
    for (const id of ids) expect(relay.get(id).status).toBe('active');
  });
}

describe('E2EE key manager', () => {
  it('exchanges identities and wrapped sender keys with X25519 so both sides become active with one code', async () => {
    relay = new Relay();
    const alice = relay.add('alice');
    const bob = relay.add('bob');
    await Promise.all([alice.start(), bob.start()]);
    expect(alice.publicKey?.length).toBe(32);
    relay.roster(['alice', 'bob']);
    await activeTogether(['alice', 'bob']);
    expect(alice.verificationCode).not.toBeNull();
    expect(alice.verificationCode).toEqual(bob.verificationCode);
    expect(alice.verificationCode?.digits).toMatch(/^\d{5}( \d{5}){4}$/);
    // What bob unwrapped is exactly the key alice encrypts with.
    const bobGot = relay.received.get('bob')?.at(-1);
    expect(bobGot?.keyId).toBe(alice.senderKeyId);
  });

  it('shows the same code on three screens and a different one when the server swaps an identity key', async () => {
    relay = new Relay();
    for (const id of ['a', 'b', 'c']) await relay.add(id).start();
    relay.roster(['a', 'b', 'c']);
    await activeTogether(['a', 'b', 'c']);
    const code = relay.get('a').verificationCode;
    expect(relay.get('b').verificationCode).toEqual(code);
    expect(relay.get('c').verificationCode).toEqual(code);

    // A second call where the server replaces c's identity as c's key goes to a (a man in the middle).
    relay.close();
    relay = new Relay();
    for (const id of ['a', 'b', 'c']) await relay.add(id).start();
    const mallory = new KeyManager({ callId: CALL, selfId: 'c', sendSignal: () => undefined });
    await mallory.start();
    relay.tamper = (from, to, data) =>
      from === 'c' && to === 'a' && data.kind === 'e2eeIdentity'
        ? { ...data, publicKey: toBase64Url(mallory.publicKey ?? new Uint8Array()) }
        : data;
    relay.roster(['a', 'b', 'c']);
    await vi.waitFor(() => {
      expect(relay.get('a').verificationCode).not.toBeNull();
      expect(relay.get('b').verificationCode).not.toBeNull();
    });
    expect(relay.get('a').verificationCode?.digits).not.toBe(relay.get('b').verificationCode?.digits);
    // And the key c wrapped for its real identity does not unwrap at a: a never claims "encrypted".
    await vi.waitFor(() => expect(relay.get('a').status).toBe('failed'));
    mallory.close();
  });

  it('confirming marks the code verified until the membership, and so the code, changes', async () => {
    relay = new Relay();
    for (const id of ['a', 'b', 'c']) await relay.add(id).start();
    relay.roster(['a', 'b']);
    await activeTogether(['a', 'b']);
    const a = relay.get('a');
    a.confirmVerification();
    expect(a.isVerified).toBe(true);
    const before = a.verificationCode?.digits;
    relay.roster(['a', 'b', 'c']);
    await vi.waitFor(() => expect(a.verificationCode?.digits).not.toBe(before));
    await vi.waitFor(() => expect(a.verificationCode).not.toBeNull());
    expect(a.isVerified).toBe(false);
  });

  it('gives a newcomer only the ratcheted key, from which the key of earlier media cannot be computed', async () => {
    relay = new Relay();
    for (const id of ['a', 'b', 'c']) await relay.add(id).start();
    relay.roster(['a', 'b']);
    await activeTogether(['a', 'b']);
    const beforeJoin = relay.received.get('b')?.find((k) => k.senderId === 'a');
    relay.roster(['a', 'b', 'c']);
    await activeTogether(['a', 'b', 'c']);
    const cGot = relay.received.get('c')?.filter((k) => k.senderId === 'a') ?? [];
    expect(cGot.length).toBeGreaterThan(0);
    const earlier = beforeJoin?.keyId ?? -1;
    for (const k of cGot) expect(k.keyId).toBeGreaterThan(earlier);
    // Same epoch, next step: b derives it itself (ratchet), and it equals what c got wrapped.
    const first = cGot[0];
    expect(first && partsOf(first.keyId)).toEqual({ ...partsOf(earlier), step: partsOf(earlier).step + 1 });
    expect(toHex(await ratchetSenderKey(beforeJoin?.key ?? new Uint8Array()))).toBe(
      toHex(first?.key ?? new Uint8Array()),
    );
    // b got no message for a's ratchet: only the newcomer needed one.
    expect(relay.received.get('b')?.filter((k) => k.senderId === 'a')).toHaveLength(1);
  });

  it('gives the first member a ratcheted key at once, without waiting for the debounce', async () => {
    relay = new Relay({ debounceMs: 60_000 });
    for (const id of ['a', 'b']) await relay.add(id).start();
    relay.roster(['a', 'b']);
    // With a one-minute debounce, only a join ratchet that does not wait for it arrives in time.
    await activeTogether(['a', 'b']);
    const bGot = relay.received.get('b')?.filter((k) => k.senderId === 'a') ?? [];
    expect(bGot).toHaveLength(1);
    expect(partsOf(bGot[0]?.keyId ?? 0).step).toBe(1);
  });

  it("a meeting's first guest cannot decrypt what the host sent to the SFU while alone, only what came after", async () => {
    relay = new Relay();
    const host = relay.add('host');
    const guest = relay.add('guest');
    const hostFrames = new FrameCryptor();
    const installing: Promise<void>[] = [];
    host.on('senderKeyChanged', ({ keyId, key }) => installing.push(hostFrames.setSenderKey(keyId, key)));
    const guestFrames = new FrameCryptor();
    guest.on('receiverKeyReceived', ({ senderId, keyId, key }) =>
      installing.push(guestFrames.setReceiverKey(senderId, keyId, key)),
    );
    await Promise.all([host.start(), guest.start()]);
    // Alone in the meeting, the host publishes: Janus relays (and could keep) this ciphertext.
    host.setMembers(['host']);
    await host.settled();
    await Promise.all(installing);
    const whileAlone = await hostFrames.encryptFrame('opus', new Uint8Array([0x78, 1, 2, 3, 4]));
    expect(whileAlone).not.toBeNull();

    relay.roster(['host', 'guest']);
    await activeTogether(['host', 'guest']);
    await guest.settled();
    await Promise.all(installing);
    const afterAdmission = await hostFrames.encryptFrame('opus', new Uint8Array([0x78, 5, 6, 7, 8]));
    expect(await guestFrames.decryptFrame('opus', afterAdmission ?? new Uint8Array(), 'host')).toEqual(
      new Uint8Array([0x78, 5, 6, 7, 8]),
    );
    expect(await guestFrames.decryptFrame('opus', whileAlone ?? new Uint8Array(), 'host')).toBeNull();
  });

  it('after a removal sends a fresh key to those who stay and never to the removed participant', async () => {
    relay = new Relay();
    for (const id of ['a', 'b', 'c']) await relay.add(id).start();
    relay.roster(['a', 'b', 'c']);
    await activeTogether(['a', 'b', 'c']);
    const cCountBefore = relay.received.get('c')?.length ?? 0;
    const aKeyBefore = relay.get('a').senderKeyId ?? -1;
    // The server removes c: a and b see the new roster, c is gone.
    relay.get('a').setMembers(['a', 'b']);
    relay.get('b').setMembers(['a', 'b']);
    await vi.waitFor(() => expect(partsOf(relay.get('a').senderKeyId ?? 0).epoch).not.toBe(partsOf(aKeyBefore).epoch));
    const bGot = relay.received.get('b')?.filter((k) => k.senderId === 'a') ?? [];
    expect(bGot.at(-1)?.keyId).toBe(relay.get('a').senderKeyId);
    expect(relay.received.get('c')?.length).toBe(cCountBefore);
  });

  it('a call mixing participants with and without X25519 works: P-256 for those pairs, X25519 between the others, one code', async () => {
    relay = new Relay();
    const modern = relay.add('modern');
    const other = relay.add('other');
    const old = relay.add('old', withoutX25519());
    const pairs: string[] = [];
    relay.tamper = (from, to, data) => {
      if (data.kind === 'e2eeIdentity') pairs.push(`${from}>${to}:${fromBase64Url(data.publicKey).length}`);
      return data;
    };
    await Promise.all([modern.start(), other.start(), old.start()]);
    expect(modern.publicKey?.length).toBe(32);
    expect(old.publicKey?.length).toBe(65);
    relay.roster(['modern', 'other', 'old']);
    await activeTogether(['modern', 'other', 'old']);
    // Everyone unwrapped everyone's current key, over whichever algorithm the pair shares.
    for (const [receiver, sender] of [
      ['old', 'modern'],
      ['modern', 'old'],
      ['old', 'other'],
      ['other', 'modern'],
    ] as const) {
      expect(
        relay.received
          .get(receiver)
          ?.filter((k) => k.senderId === sender)
          .at(-1)?.keyId,
      ).toBe(relay.get(sender).senderKeyId);
    }
    expect(pairs).toContain('old>modern:65');
    expect(pairs).toContain('modern>old:32');
    const code = modern.verificationCode;
    expect(code).not.toBeNull();
    expect(other.verificationCode).toEqual(code);
    expect(old.verificationCode).toEqual(code);
  });

  it('a server that strips the X25519 key to force P-256 fails the pair and changes the code on some screens', async () => {
    relay = new Relay();
    for (const id of ['a', 'b', 'c']) await relay.add(id).start();
    relay.tamper = (from, to, data) => {
      if (from !== 'b' || to !== 'a' || data.kind !== 'e2eeIdentity' || data.p256PublicKey === undefined) return data;
      return { kind: 'e2eeIdentity', publicKey: data.p256PublicKey, callId: data.callId };
    };
    relay.roster(['a', 'b', 'c']);
    await vi.waitFor(() => {
      for (const id of ['a', 'b', 'c']) expect(relay.get(id).verificationCode).not.toBeNull();
    });
    // a wraps for b with P-256, b for a with X25519: neither unwraps, a never claims "encrypted".
    await vi.waitFor(() => expect(relay.get('a').status).toBe('failed'));
    expect(relay.get('b').verificationCode).toEqual(relay.get('c').verificationCode);
    expect(relay.get('a').verificationCode?.digits).not.toBe(relay.get('b').verificationCode?.digits);
  });

  it('answers with its key an identity that came before the roster naming its sender (both sides become active)', async () => {
    relay = new Relay();
    const alice = relay.add('alice');
    const bob = relay.add('bob');
    await Promise.all([alice.start(), bob.start()]);
    // Alice's roster comes first: her identity reaches Bob while Bob does not yet know she is admitted.
    alice.setMembers(['alice', 'bob']);
    // The relay delivers on the next macrotask; then Bob's key steps run.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await bob.settled();
    bob.setMembers(['alice', 'bob']);
    await activeTogether(['alice', 'bob']);
    expect(relay.received.get('alice')?.at(-1)?.keyId).toBe(bob.senderKeyId);
    expect(relay.received.get('bob')?.at(-1)?.keyId).toBe(alice.senderKeyId);
  });

  it('ignores keys from someone who is not an admitted member', async () => {
    relay = new Relay();
    const a = relay.add('a');
    const ghost = relay.add('ghost');
    await Promise.all([a.start(), ghost.start()]);
    a.setMembers(['a']);
    ghost.setMembers(['a', 'ghost']);
    await ghost.settled();
    await vi.waitFor(() => expect(ghost.status).toBe('negotiating'));
    await a.settled();
    expect(relay.received.get('a')).toEqual([]);
    expect(a.verificationCode).toBeNull();
  });
});

describe('E2EE failure: fail closed, and everyone is told', () => {
  const problemsOf = (id: string) => relay.get(id).problems;

  it('our own failure (no encoded transforms here) makes us "failed" and tells every member why; they are "failed" with us', async () => {
    relay = new Relay();
    for (const id of ['a', 'b', 'c']) await relay.add(id).start();
    relay.roster(['a', 'b', 'c']);
    await activeTogether(['a', 'b', 'c']);
    relay.get('c').reportLocalFailure('unsupported');
    expect(relay.get('c').status).toBe('failed');
    expect(problemsOf('c')).toEqual([{ participantId: 'c', failure: 'unsupported', isOurs: true }]);
    for (const id of ['a', 'b']) {
      await vi.waitFor(() => expect(relay.get(id).status).toBe('failed'));
      expect(problemsOf(id)).toEqual([{ participantId: 'c', failure: 'unsupported', isOurs: false }]);
    }
  });

  it('a member who joins after our failure is told too', async () => {
    relay = new Relay();
    for (const id of ['a', 'b']) await relay.add(id).start();
    relay.roster(['a']);
    relay.get('a').reportLocalFailure('worker');
    relay.roster(['a', 'b']);
    await vi.waitFor(() => expect(problemsOf('b')).toEqual([{ participantId: 'a', failure: 'worker', isOurs: false }]));
    expect(relay.get('b').status).toBe('failed');
  });

  it('no identity key (WebCrypto refuses) is a failure with reason "identity", told to the members', async () => {
    relay = new Relay();
    const refusing = new Proxy(globalThis.crypto.subtle, {
      get(target, property) {
        if (property === 'generateKey') return () => Promise.reject(new DOMException('refused', 'OperationError'));
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value.bind(target) as unknown) : value;
      },
    });
    const a = relay.add('a', refusing);
    const b = relay.add('b');
    await Promise.all([a.start(), b.start()]);
    relay.roster(['a', 'b']);
    expect(a.status).toBe('failed');
    expect(a.problems).toEqual([{ participantId: 'a', failure: 'identity', isOurs: true }]);
    await vi.waitFor(() => expect(b.problems).toEqual([{ participantId: 'a', failure: 'identity', isOurs: false }]));
  });

  it('a key that does not unwrap fails that pair on both screens (reason "key"), and the third member stays active', async () => {
    relay = new Relay();
    for (const id of ['a', 'b', 'c']) await relay.add(id).start();
    // The server garbles b's key for a.
    relay.tamper = (from, to, data) =>
      from === 'b' && to === 'a' && data.kind === 'e2eeSenderKey'
        ? { ...data, iv: toBase64Url(new Uint8Array(12)) }
        : data;
    relay.roster(['a', 'b', 'c']);
    await vi.waitFor(() => expect(problemsOf('a')).toEqual([{ participantId: 'b', failure: 'key', isOurs: true }]));
    await vi.waitFor(() => expect(problemsOf('b')).toEqual([{ participantId: 'a', failure: 'key', isOurs: false }]));
    expect(relay.get('a').status).toBe('failed');
    expect(relay.get('b').status).toBe('failed');
    await vi.waitFor(() => expect(relay.get('c').status).toBe('active'));
  });

  it('recovers by itself: a key that unwraps again clears the pair on both screens', async () => {
    relay = new Relay();
    for (const id of ['a', 'b']) await relay.add(id).start();
    let isGarbling = true;
    relay.tamper = (from, to, data) =>
      isGarbling && from === 'b' && data.kind === 'e2eeSenderKey'
        ? { ...data, iv: toBase64Url(new Uint8Array(12)) }
        : data;
    relay.roster(['a', 'b']);
    await vi.waitFor(() => expect(relay.get('b').status).toBe('failed'));
    isGarbling = false;
    // b rotates (someone came and went): its fresh key reaches a intact.
    relay.add('c');
    await relay.get('c').start();
    relay.roster(['a', 'b', 'c']);
    relay.get('a').setMembers(['a', 'b']);
    relay.get('b').setMembers(['a', 'b']);
    await activeTogether(['a', 'b']);
    expect(problemsOf('a')).toEqual([]);
    expect(problemsOf('b')).toEqual([]);
  });

  it('recovers by itself when the failed member starts over (a reload: new identity, no failure)', async () => {
    relay = new Relay();
    for (const id of ['a', 'b']) await relay.add(id).start();
    relay.roster(['a', 'b']);
    await activeTogether(['a', 'b']);
    relay.get('b').reportLocalFailure('transform');
    await vi.waitFor(() => expect(relay.get('a').status).toBe('failed'));
    // b reloads: a new KeyManager under the same participant id.
    relay.get('b').close();
    const fresh = relay.add('b');
    await fresh.start();
    fresh.setMembers(['a', 'b']);
    await activeTogether(['a', 'b']);
    expect(problemsOf('a')).toEqual([]);
  });

  it('forgets what a member told when they leave', async () => {
    relay = new Relay();
    for (const id of ['a', 'b', 'c']) await relay.add(id).start();
    relay.roster(['a', 'b', 'c']);
    await activeTogether(['a', 'b', 'c']);
    relay.get('c').reportLocalFailure('worker');
    await vi.waitFor(() => expect(relay.get('a').status).toBe('failed'));
    relay.get('a').setMembers(['a', 'b']);
    relay.get('b').setMembers(['a', 'b']);
    await activeTogether(['a', 'b']);
    expect(problemsOf('a')).toEqual([]);
  });
});
