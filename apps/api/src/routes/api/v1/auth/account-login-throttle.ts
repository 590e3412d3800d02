// The per-address limit does not stop a password spray spread over many addresses, so failed
// sign-ins are also counted per account name. Only failures count (a @fastify/rate-limit counter
// would count every attempt and lock out an operator who signs in often), and unknown names are
// counted like real ones, so the answer never tells which accounts exist.
export const ACCOUNT_MAX_FAILURES = 10;
export const ACCOUNT_WINDOW_MS = 15 * 60_000;
// Names are attacker-chosen: past this many tracked names the oldest are forgotten, bounding memory.
const MAX_TRACKED_ACCOUNTS = 10_000;

export class AccountLoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = ACCOUNT_MAX_FAILURES,
    private readonly windowMs = ACCOUNT_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the account may try again; 0 when it may now. */
  retryAfterSeconds(username: string): number {
    const recent = this.recent(accountKey(username));
    if (recent.length < this.maxFailures) return 0;
    const oldestThatCounts = recent[recent.length - this.maxFailures]!;
    return Math.max(1, Math.ceil((oldestThatCounts + this.windowMs - this.now()) / 1000));
  }

  recordFailure(username: string): void {
    const key = accountKey(username);
    const recent = this.recent(key);
    recent.push(this.now());
    // Re-inserted last, so the Map's order is least recently failed first.
    this.failures.delete(key);
    this.failures.set(key, recent.slice(-this.maxFailures));
    if (this.failures.size > MAX_TRACKED_ACCOUNTS) this.failures.delete(this.failures.keys().next().value!);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((at) => at > since);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }
}

// "Alice" and "alice" share one budget, so case variants do not multiply the attempts.
function accountKey(username: string): string {
  return username.normalize("NFKC").toLowerCase();
}
