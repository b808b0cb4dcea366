import { apiRoute } from "@/app/_lib/api";
import { describeAccountLink, tokenSchema } from "@/server/admin/links";
import { getDb } from "@/server/db/client";

/** What an invitation or reset link is for (the token is the credential; POST keeps it out of URLs). */
export const POST = apiRoute({ access: { public: "the one-time link's token is the credential: an invited person has no session yet" }, body: tokenSchema }, async ({ body }) =>
  describeAccountLink(getDb(), body.token),
);
