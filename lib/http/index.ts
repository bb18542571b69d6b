export { agentRoute, Reply, reply } from "./agent-route";
export { errorBody, jsonResponse, successBody } from "./envelope";
