// R13: the migration to exact metering keeps the records written in whole cents, re-metered from
// their periods (exact to the millisecond) at their flavor's price, so old usage is not lost.
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { priceUsage } from "@rts/contracts";
import { migrationsDir } from "./schema-engine.ts";

const MIGRATION = "20261127212546_metering_exact_usage";

let admin: pg.Client;
let client: pg.Client;
const database = `rts_migration_${randomBytes(6).toString("hex")}`;

async function runMigration(name: string) {
  await client.query(await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8"));
}

beforeAll(async () => {
  const adminUrl = inject("testDatabaseAdminUrl");
  admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const earlier = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && entry.name < MIGRATION)
    .map((entry) => entry.name)
    .sort();
  for (const name of earlier) await runMigration(name);
});
afterAll(async () => {
  await client?.end();
  await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin?.end();
});

describe("R13 exact metering migration", () => {
  it("R13 re-meters whole-cent records from their exact periods at their flavor's price", async () => {
    const userId = randomUUID();
    await client.query(`INSERT INTO users (id, username, "displayName", "passwordHash") VALUES ($1, 'm', 'M', 'x')`, [userId]);
    await client.query(
      `INSERT INTO specifications (id, name, kind, vcpus, "memoryGiB", "pricePerHourCents") VALUES ('cpu.2u8g', 'CPU', 'CPU', 2, 8, 12), ('cpu.8u32g', 'CPU', 'CPU', 8, 32, 48)`,
    );
    // What the old recorder wrote: a 60.4 s tick as 60 seconds and 0 cents, and pool ticks of 3 cents
    // where 4 nodes at 48 cents an hour cost 3.2.
    const insert = `INSERT INTO metering_records ("userId", subject, "flavorId", units, "periodStart", "periodEnd", seconds, "amountCents")
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;
    const start = Date.parse("2026-11-01T00:00:00.000Z");
    await client.query(insert, [userId, "service", "cpu.2u8g", 1, new Date(start), new Date(start + 60_400), 60, 0]);
    for (let minute = 0; minute < 23; minute++) {
      await client.query(insert, [userId, "pool", "cpu.8u32g", 4, new Date(start + minute * 60_000), new Date(start + (minute + 1) * 60_000), 60, 3]);
    }

    await runMigration(MIGRATION);

    const rows = (
      await client.query<{ subject: string; milliseconds: string; unitMilliseconds: string; pricePerHourCents: number }>(
        `SELECT subject, milliseconds, "unitMilliseconds", "pricePerHourCents" FROM metering_records ORDER BY id`,
      )
    ).rows;
    expect(rows[0]).toEqual({ subject: "service", milliseconds: "60400", unitMilliseconds: "60400", pricePerHourCents: 12 });
    expect(rows.slice(1).every((r) => r.milliseconds === "60000" && r.unitMilliseconds === "240000" && r.pricePerHourCents === 48)).toBe(true);
    const pool = priceUsage(rows.slice(1).map((r) => ({ pricePerHourCents: r.pricePerHourCents, unitMilliseconds: BigInt(r.unitMilliseconds) })));
    expect(pool).toEqual({ amountCents: 74, amountMicroCents: 73_600_000 });
    const columns = (await client.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'metering_records'`)).rows.map((c) => c.column_name);
    expect(columns).not.toContain("amountCents");
    expect(columns).not.toContain("seconds");
  });
});
