// Prisma's CLI cannot download its native schema engine here, so migrations run through the
// WebAssembly build of the same engine. It records applied migrations in `_prisma_migrations`
// exactly like `prisma migrate deploy`, so the two stay interchangeable on users' machines.
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { repoRoot } from "./paths.ts";

export const schemaPath = path.join(repoRoot, "prisma/schema.prisma");
export const migrationsDir = path.join(repoRoot, "prisma/migrations");

const noFilters = { externalTables: [], externalEnums: [] };

interface MigrationList {
  baseDir: string;
  lockfile: { path: string; content: string | null };
  shadowDbInitScript: string;
  migrationDirectories: Array<{
    path: string;
    migrationFile: { path: string; content: { tag: "ok"; value: string } | { tag: "error"; value: string } };
  }>;
}

interface WasmSchemaEngine {
  applyMigrations(input: { migrationsList: MigrationList; filters: typeof noFilters }): Promise<{
    appliedMigrationNames: string[];
  }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout?: string }>;
  free(): void;
}

type WasmExports = Record<string, unknown>;

// Node runs WebAssembly natively; the TypeScript lib we target does not declare it.
const wasmRuntime = (globalThis as unknown as {
  WebAssembly: {
    instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: WasmExports } }>;
  };
}).WebAssembly;

type SchemaEngineModule = {
  __wbg_set_wasm(exports: WasmExports): void;
  SchemaEngine: {
    new: (options: unknown, log: (message: string) => void, adapter: unknown) => Promise<WasmSchemaEngine>;
  };
};

let engineModule: Promise<SchemaEngineModule> | undefined;

function loadEngineModule(): Promise<SchemaEngineModule> {
  engineModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const packageDir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
    const bindings = (await import(
      path.join(packageDir, "schema_engine_bg.js")
    )) as SchemaEngineModule;
    const wasmBytes = await readFile(path.join(packageDir, "schema_engine_bg.wasm"));
    const { instance } = await wasmRuntime.instantiate(wasmBytes, {
      "./schema_engine_bg.js": bindings,
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return engineModule;
}

async function withEngine<T>(
  connectionString: string,
  run: (engine: WasmSchemaEngine, datamodel: string) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const datamodel = await readFile(schemaPath, "utf8");
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString }));
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, datamodel]] }, () => {}, adapter);
  try {
    return await run(engine, datamodel);
  } finally {
    engine.free();
  }
}

export async function readMigrationList(): Promise<MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const directories = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const lockfilePath = path.join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: "migration_lock.toml",
      content: await readFile(lockfilePath, "utf8").catch(() => null),
    },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      directories.map(async (name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: { tag: "ok" as const, value: await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8") },
        },
      })),
    ),
  };
}

/** Applies every committed migration not yet recorded in `_prisma_migrations`. */
export async function applyMigrations(connectionString: string): Promise<string[]> {
  const migrationsList = await readMigrationList();
  return withEngine(connectionString, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return result.appliedMigrationNames;
  });
}

/**
 * SQL that takes `previousSchema` (the datamodel the committed migrations produce; null for none)
 * to the current schema.prisma. A datamodel-to-datamodel diff needs no shadow database.
 */
export async function diffSchemas(connectionString: string, previousSchema: string | null): Promise<string> {
  return withEngine(connectionString, async (engine, datamodel) => {
    const result = await engine.diff({
      from: previousSchema === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: schemaPath, content: previousSchema }] },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: datamodel }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return result.stdout ?? "";
  });
}
