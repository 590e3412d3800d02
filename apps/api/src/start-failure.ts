// "failed to start" alone leaves an operator guessing: every start failure is logged with the error
// (message, stack, cause) and a hint at what to do about it.
export interface StartFailure {
  err: Error;
  hint: string;
}

function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  return new Error(error === undefined ? "start failed without saying why" : `start failed: ${String(error)}`);
}

function hintFor(error: Error & { code?: string; hint?: unknown; port?: number }): string {
  if (typeof error.hint === "string") return error.hint;
  if (error.code === "EADDRINUSE") {
    return `Port ${error.port ?? ""} is already in use: stop the program that uses it, or choose another with PORT (or METRICS_PORT).`;
  }
  if (error.code === "EACCES") return "The process may not use this port or folder: choose a port above 1024, or a DATA_DIR it can write.";
  const unreachable = error.code === "ECONNREFUSED" || error.code === "ENOTFOUND" || /can't reach database server/i.test(error.message);
  if (unreachable || error.code === "28P01") {
    return "The database did not accept the connection: check that it runs and that DATABASE_URL is right.";
  }
  if (error.message.startsWith("Invalid configuration")) return "Fix the environment variables named in the message, then start again.";
  return "See the error for the cause; LOG_LEVEL=debug shows more of what happened before it.";
}

export function describeStartFailure(error: unknown): StartFailure {
  const err = asError(error);
  return { err, hint: hintFor(err) };
}
