// ANY /api/agents/v1/* — unknown routes answer 404 route_not_found in the envelope.
import { AppError } from "@/lib/errors";
import { agentRoute } from "@/lib/http";

const notFound = agentRoute({ auth: false, limiter: "general" }, ({ request }) => {
  const path = new URL(request.url).pathname;
  throw new AppError("route_not_found", `No route matches ${request.method} ${path}.`);
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
