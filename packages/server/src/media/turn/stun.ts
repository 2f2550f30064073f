/**
 * The little of STUN (RFC 8489) and TURN (RFC 8656) we speak ourselves: a Binding request to
 * see that coturn answers, and an authenticated Allocate to prove our credentials work — in
 * tests and in `npm run turn`, without a WebRTC stack. Long-term credentials: the first request
 * is refused with 401 and a REALM and NONCE; the second carries USERNAME, REALM, NONCE and a
 * MESSAGE-INTEGRITY keyed with MD5(username:realm:password) (RFC 8489 §9.2).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';

const MAGIC_COOKIE = 0x2112a442;
const HEADER_LENGTH = 20;

export const StunMethod = { binding: 0x001, allocate: 0x003 } as const;
const Attr = {
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  realm: 0x0014,
  nonce: 0x0015,
  xorRelayedAddress: 0x0016,
  requestedTransport: 0x0019,
  xorMappedAddress: 0x0020,
} as const;
/** REQUESTED-TRANSPORT value for UDP relaying (RFC 8656 §18.7: the IANA protocol number). */
const UDP_PROTOCOL = 17;

export interface StunResponse {
  isSuccess: boolean;
  /** ERROR-CODE of an error response, e.g. 401 Unauthorized. */
  errorCode: number | null;
  realm: string | null;
  nonce: string | null;
  /** XOR-RELAYED-ADDRESS of a successful Allocate: where peers send to reach us. */
  relayedAddress: { ip: string; port: number } | null;
  /** XOR-MAPPED-ADDRESS: our address as the server sees it. */
  mappedAddress: { ip: string; port: number } | null;
}

interface Attribute {
  type: number;
  value: Buffer;
}

function encodeAttributes(attributes: readonly Attribute[]): Buffer {
  return Buffer.concat(
    attributes.map(({ type, value }) => {
      const head = Buffer.alloc(4);
      head.writeUInt16BE(type, 0);
      head.writeUInt16BE(value.length, 2);
      return Buffer.concat([head, value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
    }),
  );
}

function header(method: number, bodyLength: number, transactionId: Buffer): Buffer {
  const h = Buffer.alloc(HEADER_LENGTH);
  h.writeUInt16BE(method, 0); // class "request" adds no bits
  h.writeUInt16BE(bodyLength, 2);
  h.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(h, 8);
  return h;
}

/** Encodes a request; with `integrityKey`, appends MESSAGE-INTEGRITY over everything before it. */
export function encodeRequest(
  method: number,
  attributes: readonly Attribute[],
  transactionId: Buffer,
  integrityKey?: Buffer,
): Buffer {
  const body = encodeAttributes(attributes);
  if (integrityKey === undefined) return Buffer.concat([header(method, body.length, transactionId), body]);
  // The length in the header must already count the MESSAGE-INTEGRITY attribute (4 + 20 bytes).
  const signed = Buffer.concat([header(method, body.length + 24, transactionId), body]);
  const mac = createHmac('sha1', integrityKey).update(signed).digest();
  return Buffer.concat([signed, encodeAttributes([{ type: Attr.messageIntegrity, value: mac }])]);
}

function decodeXorAddress(value: Buffer): { ip: string; port: number } | null {
  const family = value.readUInt8(1);
  const port = value.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16);
  if (family !== 0x01) return null; // IPv6 not needed on our loopback test servers
  const ip = (value.readUInt32BE(4) ^ MAGIC_COOKIE) >>> 0;
  return { ip: [24, 16, 8, 0].map((s) => (ip >>> s) & 0xff).join('.'), port };
}

/** Decodes a response; null when `packet` is not a STUN response to `transactionId`. */
export function decodeResponse(packet: Buffer, transactionId: Buffer): StunResponse | null {
  if (packet.length < HEADER_LENGTH || packet.readUInt32BE(4) !== MAGIC_COOKIE) return null;
  if (!packet.subarray(8, 20).equals(transactionId)) return null;
  const type = packet.readUInt16BE(0);
  const cls = ((type >> 7) & 0x2) | ((type >> 4) & 0x1);
  if (cls !== 2 && cls !== 3) return null;
  const response: StunResponse = {
    isSuccess: cls === 2,
    errorCode: null,
    realm: null,
    nonce: null,
    relayedAddress: null,
    mappedAddress: null,
  };
  let offset = HEADER_LENGTH;
  const end = Math.min(packet.length, HEADER_LENGTH + packet.readUInt16BE(2));
  while (offset + 4 <= end) {
    const attrType = packet.readUInt16BE(offset);
    const length = packet.readUInt16BE(offset + 2);
    const value = packet.subarray(offset + 4, offset + 4 + length);
    if (attrType === Attr.errorCode) response.errorCode = value.readUInt8(2) * 100 + value.readUInt8(3);
    else if (attrType === Attr.realm) response.realm = value.toString('utf8');
    else if (attrType === Attr.nonce) response.nonce = value.toString('utf8');
    else if (attrType === Attr.xorRelayedAddress) response.relayedAddress = decodeXorAddress(value);
    else if (attrType === Attr.xorMappedAddress) response.mappedAddress = decodeXorAddress(value);
    offset += 4 + length + ((4 - (length % 4)) % 4);
  }
  return response;
}

/**
 * Sends a request over `socket`, retransmitting (RFC 8489 §6.2.1, shortened) until an answer or
 * the deadline.
 */
function transact(
  socket: dgram.Socket,
  server: { host: string; port: number },
  build: (transactionId: Buffer) => Buffer,
  timeoutMs: number,
): Promise<StunResponse> {
  const transactionId = randomBytes(12);
  const request = build(transactionId);
  return new Promise<StunResponse>((resolve, reject) => {
    let interval = 100;
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      clearTimeout(timer);
      clearTimeout(deadline);
      socket.off('message', onMessage);
      socket.off('error', onError);
    };
    const deadline = setTimeout(() => {
      finish();
      reject(new Error(`no STUN answer from ${server.host}:${server.port} in ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (packet: Buffer): void => {
      const response = decodeResponse(packet, transactionId);
      if (response === null) return;
      finish();
      resolve(response);
    };
    const onError = (error: Error): void => {
      finish();
      reject(error);
    };
    const send = (): void => {
      socket.send(request, server.port, server.host);
      timer = setTimeout(send, interval);
      interval = Math.min(interval * 2, 800);
    };
    socket.on('message', onMessage);
    socket.on('error', onError);
    send();
  });
}

/** Runs `fn` with a fresh UDP socket and closes it after. */
async function withUdpSocket<T>(fn: (socket: dgram.Socket) => Promise<T>): Promise<T> {
  const socket = dgram.createSocket('udp4');
  try {
    return await fn(socket);
  } finally {
    socket.close();
  }
}

/** A STUN Binding request; resolves with the answer (our reflexive address). */
export function stunBinding(server: { host: string; port: number }, timeoutMs = 2000): Promise<StunResponse> {
  return withUdpSocket((socket) =>
    transact(socket, server, (id) => encodeRequest(StunMethod.binding, [], id), timeoutMs),
  );
}

/**
 * A TURN Allocate (UDP relay) with long-term credentials: the unauthenticated first try fetches
 * REALM and NONCE, the second is signed. Resolves with the final answer (success with the relayed
 * address, or the error code, e.g. 401 for a wrong or expired credential). Both requests use
 * one socket: coturn ties the nonce to the 5-tuple and answers 438 Stale Nonce from another.
 */
export function turnAllocate(
  server: { host: string; port: number },
  username: string,
  password: string,
  timeoutMs = 2000,
): Promise<StunResponse> {
  return withUdpSocket((socket) => allocate(socket, server, username, password, timeoutMs));
}

async function allocate(
  socket: dgram.Socket,
  server: { host: string; port: number },
  username: string,
  password: string,
  timeoutMs: number,
): Promise<StunResponse> {
  const transport = { type: Attr.requestedTransport, value: Buffer.from([UDP_PROTOCOL, 0, 0, 0]) };
  const challenge = await transact(
    socket,
    server,
    (id) => encodeRequest(StunMethod.allocate, [transport], id),
    timeoutMs,
  );
  if (challenge.errorCode !== 401 || challenge.realm === null || challenge.nonce === null) return challenge;
  const { realm, nonce } = challenge;
  const key = createHash('md5').update(`${username}:${realm}:${password}`).digest();
  const attributes = [
    transport,
    { type: Attr.username, value: Buffer.from(username, 'utf8') },
    { type: Attr.realm, value: Buffer.from(realm, 'utf8') },
    { type: Attr.nonce, value: Buffer.from(nonce, 'utf8') },
  ];
  return transact(socket, server, (id) => encodeRequest(StunMethod.allocate, attributes, id, key), timeoutMs);
}
