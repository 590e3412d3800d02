// Prisma's CLI insists on a schema-engine binary even though `generate` never runs it, and it cannot
// download one here; pointing it at any executable lets generation proceed offline.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(fileURLToPath(import.meta.url), "../../../..");
const prismaCli = path.join(root, "packages/db/node_modules/prisma/build/index.js");
const result = spawnSync(
  process.execPath,
  [prismaCli, "generate", "--schema", path.join(root, "prisma/schema.prisma")],
  {
    stdio: "inherit",
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  },
);
process.exit(result.status ?? 1);
