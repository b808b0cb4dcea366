import { randomUUID } from "node:crypto";
import type { types as ms } from "mediasoup";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { RoomRegistry } from "./roomRegistry";
import { testPoolOptions, waitFor } from "./testing";
import { WorkerPool } from "./workerPool";

const transportSettings = { listenIps: [{ ip: "127.0.0.1" }] };

let pool: WorkerPool;
let registry: RoomRegistry;

beforeAll(async () => {
  pool = await WorkerPool.create(testPoolOptions({ size: 2, rtcMinPort: 45000, rtcMaxPort: 45999 }));
});
afterAll(() => pool.close());
afterEach(() => registry?.close());

function newRegistry(): RoomRegistry {
  registry = new RoomRegistry({ pool, transportSettings });
  return registry;
}

const roomId = () => `room-${randomUUID()}`;

let ssrc = 1000;
function vp8Parameters(): ms.RtpParameters {
  ssrc += 1;
  return {
    mid: "0",
    codecs: [
      {
        mimeType: "video/VP8",
        payloadType: 101,
        clockRate: 90000,
        rtcpFeedback: [{ type: "nack" }, { type: "nack", parameter: "pli" }, { type: "ccm", parameter: "fir" }],
      },
    ],
    headerExtensions: [],
    encodings: [{ ssrc }],
    rtcp: { cname: "test" },
  };
}

const audioOnlyCapabilities: ms.RtpCapabilities = {
  codecs: [{ kind: "audio", mimeType: "audio/opus", clockRate: 48000, channels: 2, preferredPayloadType: 100 }],
  headerExtensions: [],
};

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

function poolTotals() {
  return pool.snapshot().reduce(
    (sum, worker) => ({
      rooms: sum.rooms + worker.rooms,
      transports: sum.transports + worker.transports,
      producers: sum.producers + worker.producers,
      consumers: sum.consumers + worker.consumers,
    }),
    { rooms: 0, transports: 0, producers: 0, consumers: 0 },
  );
}

/** A publisher with a send transport and one VP8 producer, and a viewer with a recv transport. */
async function publisherAndViewer(reg: RoomRegistry, id: string) {
  const { room } = await reg.join(id, "publisher");
  await reg.join(id, "viewer");
  const send = await room.createWebRtcTransport("publisher", "send");
  const recv = await room.createWebRtcTransport("viewer", "recv");
  const producer = await room.produce("publisher", send.id, { kind: "video", rtpParameters: vp8Parameters() });
  return { room, send, recv, producer };
}

describe("Room", () => {
  it("a second connect of the same transport is a 409 the client caused, not an internal error (found by the fuzz suite)", async () => {
    const { room } = await newRegistry().join(roomId(), "alice");
    const info = await room.createWebRtcTransport("alice", "recv");
    const dtls: ms.DtlsParameters = { role: "client", fingerprints: [{ algorithm: "sha-256", value: Array(32).fill("AB").join(":") }] };
    await room.connectTransport("alice", info.id, dtls);
    await expect(room.connectTransport("alice", info.id, dtls)).rejects.toMatchObject({ status: 409, code: "TRANSPORT_ALREADY_CONNECTED", messageKey: "sfu.transportAlreadyConnected" });
  });

  it("creates WebRTC transports with everything a client needs", async () => {
    const reg = newRegistry();
    const { room } = await reg.join(roomId(), "alice");
    const mimeTypes = room.getRouterRtpCapabilities().codecs?.map((codec) => codec.mimeType);
    expect(mimeTypes).toEqual(expect.arrayContaining(["audio/opus", "video/VP8"]));

    const info = await room.createWebRtcTransport("alice", "send");
    expect(info.id).toBeTruthy();
    expect(info.iceParameters.usernameFragment).toBeTruthy();
    expect(info.iceCandidates.length).toBeGreaterThan(0);
    expect(info.iceCandidates[0]?.ip).toBe("127.0.0.1");
    expect(info.dtlsParameters.fingerprints.length).toBeGreaterThan(0);
    expect(info.sctpParameters).toBeDefined();

    await room.connectTransport("alice", info.id, {
      role: "client",
      fingerprints: [{ algorithm: "sha-256", value: Array(32).fill("AB").join(":") }],
    });
    const restarted = await room.restartIce("alice", info.id);
    expect(restarted.usernameFragment).not.toBe(info.iceParameters.usernameFragment);
  });

  it("produces, consumes paused, resumes, and cleans up when the producer's transport closes", async () => {
    const reg = newRegistry();
    const { room, send, producer } = await publisherAndViewer(reg, roomId());
    expect(room.listProducers("viewer")).toEqual([expect.objectContaining({ peerId: "publisher", kind: "video" })]);

    const consumer = await room.consume("viewer", producer.producerId, room.getRouterRtpCapabilities());
    expect(consumer).toMatchObject({ producerId: producer.producerId, producerPeerId: "publisher", kind: "video" });
    const serverConsumer = room.getPeer("viewer").getConsumer(consumer.id);
    expect(serverConsumer.paused).toBe(true);
    await room.resumeConsumer("viewer", consumer.id);
    expect(serverConsumer.paused).toBe(false);

    await room.pauseProducer("publisher", producer.producerId);
    await room.resumeProducer("publisher", producer.producerId);

    const closedConsumers: string[] = [];
    room.on("consumerClosed", (_peerId, consumerId) => closedConsumers.push(consumerId));
    room.getPeer("publisher").getTransport(send.id).close();
    expect(room.counts()).toMatchObject({ peers: 2, transports: 1, producers: 0 });
    await waitFor(() => closedConsumers.length === 1, 2_000, "consumer to close with its producer");
    expect(room.counts()).toEqual({ peers: 2, transports: 1, producers: 0, consumers: 0 });
  });

  it("refuses to consume with incompatible RTP capabilities", async () => {
    const reg = newRegistry();
    const { room, producer } = await publisherAndViewer(reg, roomId());
    const error = await errorOf(room.consume("viewer", producer.producerId, audioOnlyCapabilities));
    expect(isAppError(error)).toBe(true);
    expect(error).toMatchObject({ code: "SFU_CANNOT_CONSUME", status: 409 });
    expect(room.counts().consumers).toBe(0);
  });

  it("turns bad client input into AppErrors", async () => {
    const reg = newRegistry();
    const { room, recv } = await publisherAndViewer(reg, roomId());
    const wrongDirection = await errorOf(room.produce("viewer", recv.id, { kind: "video", rtpParameters: vp8Parameters() }));
    expect(wrongDirection).toMatchObject({ code: "VALIDATION_FAILED" });
    const send = await room.createWebRtcTransport("viewer", "send");
    const malformed = { mid: "1", codecs: [], encodings: [] } as unknown as ms.RtpParameters;
    const badParameters = await errorOf(room.produce("viewer", send.id, { kind: "video", rtpParameters: malformed }));
    expect(badParameters).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await errorOf(room.consume("viewer", "no-such-producer", room.getRouterRtpCapabilities()))).toMatchObject({
      code: "PRODUCER_NOT_FOUND",
      status: 404,
    });
    expect(() => room.getPeer("stranger")).toThrowError(expect.objectContaining({ code: "PEER_NOT_FOUND" }));
    expect(() => room.addPeer("viewer")).toThrowError(expect.objectContaining({ code: "CONFLICT" }));
  });

  it("closes when the last peer leaves, once, and leaves the registry", async () => {
    const reg = newRegistry();
    const id = roomId();
    const { room } = await reg.join(id, "a");
    room.addPeer("b");
    let closes = 0;
    room.on("close", () => (closes += 1));
    room.removePeer("a");
    expect(room.closed).toBe(false);
    room.removePeer("b");
    room.close();
    expect(closes).toBe(1);
    expect(room.closed).toBe(true);
    expect(room.router.closed).toBe(true);
    expect(reg.get(id)).toBeUndefined();
    await expect(room.createWebRtcTransport("a", "send")).rejects.toMatchObject({ code: "UNAVAILABLE" });
  });
});

describe("RoomRegistry", () => {
  it("yields one room for concurrent getOrCreate of the same id", async () => {
    const reg = newRegistry();
    const id = roomId();
    const before = poolTotals().rooms;
    const rooms = await Promise.all(Array.from({ length: 10 }, () => reg.getOrCreate(id)));
    expect(new Set(rooms).size).toBe(1);
    expect(reg.counts().rooms).toBe(1);
    expect(poolTotals().rooms).toBe(before + 1);
  });

  it("leaves nothing behind after 50 join/transport/produce/consume/leave cycles", async () => {
    const reg = newRegistry();
    for (let cycle = 0; cycle < 50; cycle += 1) {
      const { room, producer } = await publisherAndViewer(reg, `leak-${cycle}-${randomUUID()}`);
      await room.consume("viewer", producer.producerId, room.getRouterRtpCapabilities());
      expect(room.counts()).toEqual({ peers: 2, transports: 2, producers: 1, consumers: 1 });
      room.removePeer("viewer");
      room.removePeer("publisher");
      expect(room.closed).toBe(true);
    }
    expect(reg.counts()).toEqual({ rooms: 0, peers: 0, transports: 0, producers: 0, consumers: 0 });
    expect(poolTotals()).toEqual({ rooms: 0, transports: 0, producers: 0, consumers: 0 });
  });

  it("closes every room on close()", async () => {
    const reg = newRegistry();
    await reg.join(roomId(), "a");
    await reg.join(roomId(), "b");
    reg.close();
    expect(reg.counts().rooms).toBe(0);
    expect(poolTotals().rooms).toBe(0);
    await expect(reg.getOrCreate(roomId())).rejects.toMatchObject({ code: "UNAVAILABLE" });
  });
});
