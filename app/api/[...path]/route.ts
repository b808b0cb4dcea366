import { NotFoundError, type Missing } from "@/lib/errors";
import { apiRoute } from "@/lib/next/api";

const API_MISSING: Missing = { code: "API_NOT_FOUND", messageKey: "errors.apiNotFound" };

// Unknown API paths answer in the API's JSON error shape, not with the HTML 404 page.
const notFound = apiRoute({ auth: false }, async ({ request }) => {
  throw new NotFoundError(API_MISSING, { path: new URL(request.url).pathname });
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
