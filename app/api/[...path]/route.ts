import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/next/api";

// Unknown API paths answer in the API's JSON error shape, not with the HTML 404 page.
const notFound = apiRoute({ auth: false }, async ({ request }) => {
  throw new AppError("NOT_FOUND", "errors.apiNotFound", { params: { path: new URL(request.url).pathname } });
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
