// @fastify/rate-limit's LocalStore answers every caller with its live counter record, and the
// plugin reads `current` from it only after an await. Calls that arrive together therefore all
// read the count left by the last of them: a burst of N+1 on a limit of N refused all N+1 (seen
// on the gateway's traffic limit, where a burst resumes together from one routing-table read).
// This is the same LocalStore, answering each caller with the count of its own increment.
import { createRequire } from "node:module";
import type { FastifyRateLimitStore } from "@fastify/rate-limit";

type StoreResult = { current: number; ttl: number };
type StoreOptions = { continueExceeding?: boolean; exponentialBackoff?: boolean; cache?: number };

// The package ships LocalStore as a CommonJS file without its own type declarations.
const LocalStore = createRequire(import.meta.url)("@fastify/rate-limit/store/LocalStore.js") as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  cache?: number,
) => FastifyRateLimitStore;

export class BurstSafeLocalStore implements FastifyRateLimitStore {
  private readonly local: FastifyRateLimitStore;

  constructor(options: StoreOptions) {
    this.local = new LocalStore(options.continueExceeding ?? false, options.exponentialBackoff ?? false, options.cache);
  }

  incr(key: string, callback: (error: Error | null, result?: StoreResult) => void, timeWindow: number, max: number): void {
    this.local.incr(key, (error, result) => callback(error, result && { current: result.current, ttl: result.ttl }), timeWindow, max);
  }

  // Declared as route options, but the plugin passes the route's merged rate-limit settings.
  child(routeOptions: Parameters<FastifyRateLimitStore["child"]>[0]): FastifyRateLimitStore {
    return new BurstSafeLocalStore(routeOptions as unknown as StoreOptions);
  }
}
