/** Pre-join messages: router capabilities and the connectivity test (see probe.ts). */
import type { types as ms } from "mediasoup";
import { NotFoundError, UnavailableError } from "@/lib/errors";
import type { ConnectivityProbe } from "./probe";
import { on, type SocketScope } from "./handlerContext";
import { MISSING } from "@/server/notFound";

export function registerProbeHandlers(scope: SocketScope, probe: ConnectivityProbe | undefined): void {
  const { socket } = scope;
  const owner = socket.id;
  // Lets the pre-join page load its mediasoup Device before the click on "join".
  on(scope, "media:capabilities", async () => {
    if (!probe) throw new UnavailableError("video.probe.unavailable");
    return { routerRtpCapabilities: await probe.capabilities() };
  });
  const need = (): ConnectivityProbe => {
    if (!probe) throw new UnavailableError("video.probe.unavailable");
    return probe;
  };
  on(scope, "probe:create", ({ protocol }) => need().create(protocol, owner));
  on(scope, "probe:connect", async ({ transportId, dtlsParameters }) => {
    const transport = need().get(transportId, owner);
    if (!transport) throw new NotFoundError(MISSING.probe);
    await transport.connect({ dtlsParameters: dtlsParameters as unknown as ms.DtlsParameters });
  });
  on(scope, "probe:close", ({ transportId }) => {
    need().get(transportId, owner)?.close();
  });
  socket.on("disconnect", () => probe?.closeOwnedBy(owner));
}
