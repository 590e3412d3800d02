// Separate entry ("@rts/contracts/testing" once exported): fixtures for tests and stories only.
export * from "./fixtures.ts";
