/** What the SFU can find missing in a room; texts in ./messages.ts. */
import type { Missing } from "@/lib/errors";

export const SFU_MISSING = {
  peer: { code: "PEER_NOT_FOUND", messageKey: "sfu.peerNotInRoom" },
  transport: { code: "TRANSPORT_NOT_FOUND", messageKey: "sfu.transportNotFound" },
  recvTransport: { code: "RECV_TRANSPORT_NOT_FOUND", messageKey: "sfu.recvTransportNotFound" },
  producer: { code: "PRODUCER_NOT_FOUND", messageKey: "sfu.producerNotFound" },
  producerInRoom: { code: "PRODUCER_NOT_FOUND", messageKey: "sfu.producerNotInRoom" },
  consumer: { code: "CONSUMER_NOT_FOUND", messageKey: "sfu.consumerNotFound" },
} as const satisfies Record<string, Missing>;
