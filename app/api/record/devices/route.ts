import { z } from "zod";
import { apiRoute } from "@/app/_lib/api";
import { parseQuery } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { listDevices, pairDevice, pairDeviceSchema } from "@/server/record/devices";

const query = z.object({ resident: z.uuid() });

/** The devices paired to a record the signed-in person manages (their own, or a family member's). */
export const GET = apiRoute({ access: "record.manage" }, async ({ user, request }) => {
  const { resident } = parseQuery(query, request.url);
  return { devices: await listDevices(getDb(), user, resident) };
});

/** Pairs a device: the answer carries its token, shown this once. */
export const POST = apiRoute({ access: "record.manage", body: pairDeviceSchema }, async ({ user, body, clientAddress, requestId }) =>
  pairDevice(getDb(), user, body, { ip: clientAddress, requestId }),
);
