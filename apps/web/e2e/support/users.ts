// The seeded demo users (packages/db/src/seed.ts).
export const ALICE = { username: "alice", password: "alice-demo-pass", displayName: "Alice Operator" } as const;
export const BOB = { username: "bob", password: "bob-demo-pass", displayName: "Bob Operator" } as const;
export type DemoUser = typeof ALICE | typeof BOB;
