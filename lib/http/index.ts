export { agentRoute } from "./agent-route";
export { errorBody, jsonResponse, successBody } from "./envelope";
export { bareJson, FileReply, file, Page, page, Reply, redirect, reply } from "./replies";
