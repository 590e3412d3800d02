// How much of a file has gone up, as a progressbar whose value reads "12.3 of 40.0 MB".
import type { UploadProgress as Progress } from "../../../api/ai-applications/ai-applications.ts";
import { formatUploadedOf } from "../../../lib/format-bytes.ts";

export function UploadProgress({ fileName, progress }: { fileName: string; progress: Progress }) {
  const text = formatUploadedOf(progress.sentBytes, progress.totalBytes);
  const percent = progress.totalBytes > 0 ? Math.min(100, (progress.sentBytes / progress.totalBytes) * 100) : 0;
  return (
    <div className="upload-progress">
      <div
        role="progressbar"
        aria-label={`Uploading ${fileName}`}
        aria-valuemin={0}
        aria-valuemax={progress.totalBytes}
        aria-valuenow={progress.sentBytes}
        aria-valuetext={text}
        className="upload-progress-track"
      >
        <div className="upload-progress-bar" style={{ width: `${percent}%` }} />
      </div>
      <span className="upload-progress-text">
        Uploading {fileName}: {text}
      </span>
    </div>
  );
}
