// The version build: consumes the durable version-build jobs the API enqueues with each new version,
// turns an upload or an image reference into something the runtime can start, tries it once, and
// leaves the version Normal or Failed with a reason a person can act on. A failure that is the
// input's (BuildRefusal) is final at once; any other is retried, and the last retry fails the
// version. A sweep retries builds whose worker died and fails versions no job will ever finish,
// so no version stays Building forever.
import type { Job } from "pg-boss";
import type { Logger } from "pino";
import type { Prisma, PrismaClient } from "@rts/db";
import { VERSION_BUILD_HEARTBEAT_SECONDS, VERSION_BUILD_QUEUE, VERSION_BUILD_RETRY_LIMIT, type JobQueue, type VersionBuildJob } from "../jobs/job-queue.ts";
import { recordVersionEvent } from "../modules/model-versions/version-events.ts";
import type { ArtifactStore } from "../modules/model-artifacts/index.ts";
import { storedArtifactKey } from "../modules/model-versions/artifact-keys.ts";
import type { RuntimeDriver } from "../runtime/runtime-driver.ts";
import { BuildRefusal } from "./version-build/build-refusal.ts";
import { buildRuntimeFor, type BuildRuntime } from "./version-build/build-runtime.ts";
import { buildImageVersion } from "./version-build/image-version-build.ts";
import { buildUploadedVersion } from "./version-build/uploaded-version-build.ts";
import type { BuiltVersion, VersionToBuild } from "./version-build/built-version.ts";
import { collectVersionGarbage } from "./version-build/version-garbage.ts";
import { prepareVersionsRoot } from "./version-build/version-folder.ts";

export interface VersionBuilderOptions {
  prisma: PrismaClient;
  jobs: JobQueue;
  logger: Logger;
  artifacts: ArtifactStore;
  /** Built versions go to <dataDir>/versions/<versionId>/. */
  dataDir: string;
  /** The worker's runtime: containers get a version image; either way the server is tried once. */
  driver: RuntimeDriver;
  /** How long a version's server may take to answer its health check in the trial start. */
  readyWithinMs?: number;
  sweepIntervalMs?: number;
  /** A build whose worker sent no heartbeat for this long died with it and is retried; 3 heartbeats by default. */
  staleBuildMs?: number;
}

const include = { application: { select: { name: true, ownerId: true } } } as const;

export class VersionBuilder {
  private readonly runtime: BuildRuntime;
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> = Promise.resolve();
  private running = false;
  private workerId: string | undefined;
  /** Jobs this worker is building now: alive whatever their heartbeat says. */
  private readonly inHand = new Set<string>();

  constructor(private readonly options: VersionBuilderOptions) {
    this.runtime = buildRuntimeFor(options.driver);
  }

  async start(): Promise<void> {
    this.running = true;
    await prepareVersionsRoot(this.options.dataDir);
    // Woken by a new build's NOTIFY (wake()); the poll finds retries, which pg-boss makes itself.
    this.workerId = await this.options.jobs.boss.work<VersionBuildJob>(VERSION_BUILD_QUEUE, { pollingIntervalSeconds: 2, batchSize: 1 }, async ([job]) => {
      if (!job) return;
      this.inHand.add(job.id);
      try {
        await this.handle(job);
      } finally {
        this.inHand.delete(job.id);
      }
    });
    const every = this.options.sweepIntervalMs ?? 15_000;
    this.timer = setInterval(() => {
      if (!this.running) return;
      this.sweeping = this.sweep().catch((error: unknown) => this.options.logger.error({ err: error }, "version build sweep failed"));
    }, every);
  }

  /** A build was enqueued: fetch it now rather than at the next poll. */
  wake(): void {
    if (this.running && this.workerId) this.options.jobs.boss.notifyWorker(this.workerId);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    await this.options.jobs.boss.offWork(VERSION_BUILD_QUEUE).catch(() => {});
    await this.sweeping;
    await this.runtime.trials.stopAll();
  }

  private async handle(job: Job<VersionBuildJob>): Promise<void> {
    const { prisma, logger } = this.options;
    const version = await prisma.aiApplicationVersion.findUnique({ where: { id: job.data.versionId }, include });
    if (!version || version.state !== "Building") return;
    const attempt = job.retryCount + 1;
    const attempts = VERSION_BUILD_RETRY_LIMIT + 1;
    await this.note(version.id, "checking", attempt === 1 ? "Checking." : `Checking again (attempt ${attempt} of ${attempts}).`);
    const subject: VersionToBuild = {
      id: version.id,
      version: version.version,
      source: version.source,
      applicationName: version.application.name,
      ownerId: version.application.ownerId,
      artifact: version.artifact,
      modelServer: version.modelServer,
      protocol: version.protocol,
      healthPath: version.healthPath,
      websocket: version.websocket,
      websocketOnly: version.websocketOnly,
    };
    const context = {
      ...this.runtime,
      dataDir: this.options.dataDir,
      artifacts: this.options.artifacts,
      readyWithinMs: this.options.readyWithinMs ?? 60_000,
      note: (type: "unpacked" | "image-built" | "checking", message: string) => this.note(version.id, type, message),
    };
    try {
      const built = subject.source === "container_image" ? await buildImageVersion(context, subject) : await buildUploadedVersion(context, subject);
      await this.finish(subject, built);
    } catch (error) {
      if (error instanceof BuildRefusal) return this.fail(subject.id, error.message);
      logger.error({ err: error, versionId: version.id, attempt }, "version build failed on our side");
      const reason = (error as Error).message;
      if (attempt >= attempts) {
        return this.fail(
          subject.id,
          `The build failed ${attempts} times for a reason on the platform's side (last: ${reason}). Add the version again; if it keeps failing, the operator will find the cause in the worker's log.`,
        );
      }
      await this.note(version.id, "checking", `Attempt ${attempt} failed on the platform's side (${reason}); it will be retried.`);
      throw error;
    }
  }

  private async finish(version: VersionToBuild, built: BuiltVersion): Promise<void> {
    const updated = await this.options.prisma.$transaction(async (tx) => {
      const result = await tx.aiApplicationVersion.updateMany({
        where: { id: version.id, state: "Building" },
        data: {
          state: "Normal",
          stateReason: null,
          builtAt: new Date(),
          runtime: built.runtime,
          protocol: built.protocol,
          healthPath: built.healthPath,
          websocket: built.websocket,
          websocketOnly: built.websocketOnly,
          modelServer: { ...built.modelServer },
          ...(built.exampleRequest ? { exampleRequest: built.exampleRequest as Prisma.InputJsonObject } : {}),
          ...(built.inputSchema ? { inputSchema: built.inputSchema as Prisma.InputJsonObject } : {}),
          ...(built.modelMetadata ? { modelMetadata: built.modelMetadata as unknown as Prisma.InputJsonObject } : {}),
        },
      });
      if (result.count === 1) await recordVersionEvent(tx, version.id, "normal", built.summary);
      return result.count === 1;
    });
    // Deleted while it was built: what the build made is collected by the next sweep.
    if (!updated) this.options.logger.info({ versionId: version.id }, "version deleted during its build");
  }

  /** Failed is final (versions are immutable), so the upload is of no more use and goes too. */
  private async fail(versionId: string, reason: string): Promise<void> {
    const artifact = await this.options.prisma.$transaction(async (tx) => {
      const row = await tx.aiApplicationVersion.findUnique({ where: { id: versionId }, select: { artifact: true } });
      const result = await tx.aiApplicationVersion.updateMany({
        where: { id: versionId, state: "Building" },
        data: { state: "Failed", stateReason: reason, builtAt: new Date() },
      });
      if (result.count === 0) return null;
      await recordVersionEvent(tx, versionId, "failed", reason);
      return row?.artifact ?? null;
    });
    const key = storedArtifactKey(artifact);
    if (key) {
      await this.options.artifacts.delete(key).catch((error: unknown) => this.options.logger.warn({ err: error, versionId }, "could not remove a failed version's upload"));
    }
  }

  private async note(versionId: string, type: "checking" | "unpacked" | "image-built", message: string): Promise<void> {
    await recordVersionEvent(this.options.prisma, versionId, type, message).catch(() => {});
    await this.options.prisma.aiApplicationVersion
      .updateMany({ where: { id: versionId, state: "Building" }, data: { stateReason: message } })
      .catch(() => {});
  }

  /**
   * Retries builds whose worker stopped sending heartbeats (it died mid-build), fails versions
   * that no job will finish, and removes folders and images of versions that are gone.
   */
  async sweep(): Promise<void> {
    const { prisma, jobs } = this.options;
    // Only versions the API received have a build job; seeded demo versions stay as seeded.
    const building = await prisma.aiApplicationVersion.findMany({
      where: { state: "Building", events: { some: { type: "received" } } },
      select: { id: true },
    });
    const staleBefore = Date.now() - (this.options.staleBuildMs ?? VERSION_BUILD_HEARTBEAT_SECONDS * 3 * 1000);
    for (const version of building) {
      const found = await jobs.boss.findJobs<VersionBuildJob>(VERSION_BUILD_QUEUE, { data: { versionId: version.id } });
      const live = found.filter((job) => job.state === "created" || job.state === "retry" || job.state === "active");
      for (const job of live) {
        const lastSign = (job.heartbeatOn ?? job.startedOn)?.getTime() ?? Date.now();
        if (job.state === "active" && lastSign < staleBefore && !this.inHand.has(job.id)) {
          await jobs.boss.fail(VERSION_BUILD_QUEUE, { id: job.id, retryCount: job.retryCount }, { message: "the worker building it stopped" });
        }
      }
      if (live.length === 0) {
        await this.fail(version.id, "The build stopped without finishing (its worker stopped each time it tried). Add the version again.");
      }
    }
    await collectVersionGarbage({ prisma, dataDir: this.options.dataDir, engine: this.runtime.engine, logger: this.options.logger });
  }
}
