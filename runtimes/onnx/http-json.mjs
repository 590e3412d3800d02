// @ts-check
/**
 * JSON over node:http for the runtime's routes: a capped body reader and JSON answers.
 */

export const MAX_BODY_BYTES = 1024 * 1024;

/** An answer other than 200, with the message a caller can act on. */
export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   * @param {Record<string, string>} [headers]
   */
  constructor(status, message, headers = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

/**
 * @param {import("node:http").ServerResponse} res
 * @param {number} status
 * @param {unknown} body undefined for an empty body (the OIP health answers)
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { "Content-Type": "application/json; charset=utf-8" }),
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * Reads a JSON object body of at most MAX_BODY_BYTES; 415 when not JSON, 413 when too large,
 * 400 when malformed or not an object.
 * @param {import("node:http").IncomingMessage} req
 * @returns {Promise<Record<string, unknown>>}
 */
export function readJsonBody(req) {
  return new Promise((resolve, reject) => {
    const contentType = String(req.headers["content-type"] ?? "").toLowerCase();
    if (!/^application\/([\w.+-]*\+)?json(\s*;|$)/.test(contentType)) {
      req.resume();
      reject(new HttpError(415, "Content-Type must be application/json"));
      return;
    }
    if (Number(req.headers["content-length"]) > MAX_BODY_BYTES) {
      req.resume();
      reject(new HttpError(413, `request body exceeds ${MAX_BODY_BYTES} bytes`));
      return;
    }
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let failed = false;
    req.on("data", (/** @type {Buffer} */ chunk) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        failed = true;
        chunks.length = 0;
        reject(new HttpError(413, `request body exceeds ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", (error) => {
      if (!failed) reject(new HttpError(400, `could not read the request body: ${error.message}`));
      failed = true;
    });
    req.on("end", () => {
      if (failed) return;
      const text = Buffer.concat(chunks).toString("utf8");
      if (text.trim() === "") return reject(new HttpError(400, "request body is empty; expected a JSON object"));
      /** @type {unknown} */
      let parsed;
      try {
        parsed = JSON.parse(text);
      } catch {
        return reject(new HttpError(400, "request body is not valid JSON"));
      }
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        return reject(new HttpError(400, "request body must be a JSON object"));
      }
      resolve(/** @type {Record<string, unknown>} */ (parsed));
    });
  });
}
