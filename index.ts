import { defineStack } from "./program";

/** Per model: endpoint, served versions, payload/processed/metric tables, dashboard. */
export const models = defineStack();
