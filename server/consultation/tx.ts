import type { Db } from "@/server/db/client";

/** The client inside `db.$transaction(async (tx) => …)`; domain functions accept either. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;
