// One version: state in words (Failed says why), where it came from, who serves it and how it is
// called, the uploaded file, when it was built, its build events, Deploy (Normal only) and Delete.
import type { AiApplicationVersion } from "../../../api/ai-applications/ai-applications.ts";
import { Button, ButtonLink } from "../../../components/ui/button/button.tsx";
import { RelativeTime } from "../../../components/ui/relative-time/relative-time.tsx";
import { VersionStateBadge } from "../../../components/ui/state-badge/version-state-badge.tsx";
import { paths } from "../../../config/paths.ts";
import { formatBytes } from "../../../lib/format-bytes.ts";
import { VersionBuildEvents } from "./version-build-events.tsx";

export const SOURCE_LABEL = { container_image: "Container image", model_package: "Model package", model_file: "Model file (ONNX)" } as const;
const RUNTIME_LABEL = { onnx: "Built-in ONNX Runtime", custom: "Package's own server", image: "Image's own server" } as const;
const PROTOCOL_LABEL = { "rts-json": "Platform JSON", "oip-v2": "Open Inference Protocol v2" } as const;

export function VersionRow({ version, onRequestDelete }: { version: AiApplicationVersion; onRequestDelete: (version: AiApplicationVersion) => void }) {
  const label = `${version.applicationName} ${version.version}`;
  return (
    <tr data-version={version.version}>
      <th scope="row">{version.version}</th>
      <td data-label="State">
        <VersionStateBadge state={version.state} />
        {version.stateReason && version.state !== "Normal" ? <span className="state-reason break-anywhere">{version.stateReason}</span> : null}
      </td>
      <td data-label="Source">
        {SOURCE_LABEL[version.source]}
        {version.websocket ? <span className="cell-sub">{version.websocketOnly ? "WebSocket only" : "WebSocket-compliant"}</span> : null}
      </td>
      <td data-label="Runtime and protocol">
        {RUNTIME_LABEL[version.runtime]}
        <span className="cell-sub">{PROTOCOL_LABEL[version.protocol]}</span>
      </td>
      <td data-label="Uploaded file">
        {version.artifact ? (
          <>
            <span className="break-anywhere">{version.artifact.fileName}</span>
            <span className="cell-sub">{formatBytes(version.artifact.bytes)}</span>
          </>
        ) : (
          "—"
        )}
      </td>
      <td data-label="Built">
        <RelativeTime value={version.builtAt} fallback={version.state === "Building" ? "Building…" : "—"} />
      </td>
      <td className="cell-wide">
        <VersionBuildEvents version={version} />
        <div className="row-actions">
          {version.state === "Normal" ? (
            <ButtonLink to={paths.deploy} size="sm" variant="primary" aria-label={`Deploy ${label}`}>
              Deploy
            </ButtonLink>
          ) : null}
          <Button size="sm" variant="danger" onClick={() => onRequestDelete(version)} aria-label={`Delete version ${label}`}>
            Delete
          </Button>
        </div>
      </td>
    </tr>
  );
}
