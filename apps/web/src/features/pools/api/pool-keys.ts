export const poolKeys = {
  all: ["pools"] as const,
  list: () => [...poolKeys.all, "list"] as const,
  specifications: () => ["specifications"] as const,
};
// Pools hold quota (R12): creating, resizing or deleting one changes the quota page's answer.
export const QUOTA_KEY = ["quota"] as const;
