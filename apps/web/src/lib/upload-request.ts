// Uploads with progress. fetch reports no upload progress, so a file goes up through
// XMLHttpRequest; its answer is read by the same code as every other call, so a refused upload is
// the same ApiProblem (with its field errors), a lost connection the same NetworkError, and a
// cancelled one the same AbortError.
import { NetworkError, readAnswer } from "./api-client.ts";

export interface UploadProgress {
  sentBytes: number;
  totalBytes: number;
}

export interface UploadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: UploadProgress) => void;
}

function abortError(): DOMException {
  return new DOMException("The upload was cancelled.", "AbortError");
}

/** POSTs `body` (multipart/form-data; the browser sets the boundary) with the session cookie. */
export function uploadRequest<T>(url: string, body: FormData, options: UploadOptions = {}): Promise<T> {
  const { signal, onProgress } = options;
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const xhr = new XMLHttpRequest();
    const onAbort = () => xhr.abort();
    const settle = (finish: () => void) => {
      signal?.removeEventListener("abort", onAbort);
      finish();
    };
    xhr.open("POST", url);
    xhr.withCredentials = true;
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress?.({ sentBytes: event.loaded, totalBytes: event.total });
    });
    xhr.addEventListener("load", () =>
      settle(() => {
        try {
          resolve(readAnswer<T>(url, xhr.status, xhr.statusText, xhr.responseText));
        } catch (error) {
          reject(error);
        }
      }),
    );
    xhr.addEventListener("error", () => settle(() => reject(new NetworkError())));
    xhr.addEventListener("timeout", () => settle(() => reject(new NetworkError())));
    xhr.addEventListener("abort", () => settle(() => reject(abortError())));
    signal?.addEventListener("abort", onAbort, { once: true });
    xhr.send(body);
  });
}
