import { NotFoundError } from "@/lib/errors";
import { apiRoute } from "@/app/_lib/api";
import { MISSING } from "@/server/notFound";

// Unknown API paths answer in the API's JSON error shape, not with the HTML 404 page.
const notFound = apiRoute({ access: { public: "unknown API paths answer 404 in the API's JSON shape" } }, async ({ request }) => {
  throw new NotFoundError(MISSING.api, { path: new URL(request.url).pathname });
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
