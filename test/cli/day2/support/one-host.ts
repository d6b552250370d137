// Shared with the fault suite and the benchmarks: test/support/one-host.ts.
export { startOneHost, type OneHost } from "../../../support/one-host";
