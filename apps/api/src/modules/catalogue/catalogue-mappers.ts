import type {
  AiApplication,
  AiApplicationVersion,
  AppVersion,
  ExampleRequest,
  Flavor,
  InferenceProtocol,
  InputSchema,
  ModelMetadata,
  ModelRuntime,
  Pool,
  PoolCapacity,
  VersionArtifact,
} from "@rts/contracts";

// The public pool has no fixed size here; R12 (quota) is what bounds public deployments.
export const PUBLIC_POOL_FREE_NODES = 1_000_000;

interface SpecificationRow {
  id: string;
  name: string;
  kind: "CPU" | "GPU";
  vcpus: number;
  memoryGiB: number;
  gpus: number;
  available: boolean;
  free: boolean;
  inPublicPool: boolean;
  pricePerHourCents: number;
}

export function toFlavor(row: SpecificationRow): Flavor {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    vcpus: row.vcpus,
    memoryGiB: row.memoryGiB,
    gpus: row.gpus,
    available: row.available,
    free: row.free,
    inPublicPool: row.inPublicPool,
    pricePerHourCents: row.pricePerHourCents,
  };
}

interface PoolRow {
  id: string;
  name: string;
  type: "PUBLIC" | "DEDICATED";
  flavorId: string | null;
  nodeCount: number;
  generation: "old" | "new" | null;
  state: Pool["state"];
}

export function toPool(
  row: PoolRow,
  context: { publicFlavorIds: string[]; usedNodes: number; publicCapacity?: PoolCapacity | null },
): Pool {
  if (row.type === "PUBLIC") {
    return {
      id: row.id,
      name: row.name,
      type: "public",
      flavorIds: context.publicFlavorIds,
      nodeCount: 0,
      freeNodes: PUBLIC_POOL_FREE_NODES,
      generation: null,
      state: row.state,
      ...(context.publicCapacity ? { capacity: context.publicCapacity } : {}),
    };
  }
  return {
    id: row.id,
    name: row.name,
    type: "dedicated",
    flavorIds: row.flavorId ? [row.flavorId] : [],
    nodeCount: row.nodeCount,
    freeNodes: Math.max(0, row.nodeCount - context.usedNodes),
    generation: row.generation,
    state: row.state,
  };
}

interface VersionRow {
  id: string;
  applicationId: string;
  version: string;
  state: AppVersion["state"];
  source: AppVersion["source"];
  websocket: boolean;
  websocketOnly: boolean;
  application: { name: string };
}

export function toAppVersion(row: VersionRow): AppVersion {
  return {
    id: row.id,
    applicationId: row.applicationId,
    applicationName: row.application.name,
    version: row.version,
    state: row.state,
    source: row.source,
    websocket: row.websocket,
    websocketOnly: row.websocketOnly,
  };
}

interface DescribedVersionRow extends VersionRow {
  exampleRequest: unknown;
  inputSchema: unknown;
  runtime: string;
  protocol: string;
  healthPath: string;
  stateReason: string | null;
  artifact: unknown;
  modelMetadata: unknown;
  createdAt: Date;
  builtAt: Date | null;
}

// Both columns hold JSON objects, written by the seed or by whoever registers the version.
const jsonObjectOrNull = <T>(value: unknown): T | null =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as T) : null;

export function toAiApplicationVersion(row: DescribedVersionRow): AiApplicationVersion {
  return {
    ...toAppVersion(row),
    exampleRequest: jsonObjectOrNull<ExampleRequest>(row.exampleRequest),
    inputSchema: jsonObjectOrNull<InputSchema>(row.inputSchema),
    runtime: row.runtime as ModelRuntime,
    protocol: row.protocol as InferenceProtocol,
    healthPath: row.healthPath,
    stateReason: row.stateReason,
    artifact: publicArtifact(row.artifact),
    modelMetadata: jsonObjectOrNull<ModelMetadata>(row.modelMetadata),
    createdAt: row.createdAt.toISOString(),
    builtAt: row.builtAt?.toISOString() ?? null,
  };
}

/** The stored artifact without its storage key (where it is kept is the platform's business). */
function publicArtifact(value: unknown): VersionArtifact | null {
  const artifact = jsonObjectOrNull<VersionArtifact & { key?: string }>(value);
  if (!artifact) return null;
  return { fileName: artifact.fileName, bytes: artifact.bytes, sha256: artifact.sha256 };
}

interface ApplicationRow {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
  versions: DescribedVersionRow[];
}

export function toAiApplication(row: ApplicationRow): AiApplication {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: row.createdAt.toISOString(),
    versions: row.versions.map(toAiApplicationVersion),
  };
}
