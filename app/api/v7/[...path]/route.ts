// ANY /api/v7/* — unknown generation routes answer 404 route_not_found in ModelsLab's error shape.
import { generationRouteNotFound } from "@/lib/http/generation-route";

export {
  generationRouteNotFound as GET,
  generationRouteNotFound as POST,
  generationRouteNotFound as PUT,
  generationRouteNotFound as PATCH,
  generationRouteNotFound as DELETE,
};
