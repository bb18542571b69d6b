// Every domain's tables, re-exported so drizzle-kit and the typed client see one schema.

export * from "./accounts";
export * from "./approvals";
export * from "./checkout";
export * from "./dashboard";
export * from "./generation";
export * from "./platform";
export * from "./subscriptions";
export * from "./teams";
export * from "./wallet";
