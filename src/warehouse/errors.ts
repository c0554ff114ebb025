/**
 * Which database failures are worth retrying. Connection loss, serialization failures, deadlocks,
 * overload, shutdowns and objects not yet in the state a statement needs (55000, e.g. a sequence or
 * a replica catching up) pass; bad data and broken constraints do not, however often they are tried.
 */
const TRANSIENT_SQLSTATE = /^(08|53|57P0|40001|40P01|55000|55P03)/;

/** The SQLSTATE of a database error, looked for along its chain of causes. */
export function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export function isTransientDatabaseError(error: unknown): boolean {
  const code = sqlState(error);
  // No SQLSTATE means the failure happened before Postgres answered: network, WebSocket, timeout.
  return code === undefined || TRANSIENT_SQLSTATE.test(code);
}

/** The innermost message of an error's chain (the driver wraps what Postgres or the socket said). */
export function errorMessage(error: unknown): string {
  const messages: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof Error) messages.push(e.message);
    // The driver rejects a failed connection with the WebSocket's ErrorEvent, not an Error.
    else if (typeof (e as { message?: unknown }).message === 'string') messages.push((e as { message: string }).message);
  }
  return messages.at(-1) || String(error);
}

export function describeDatabaseError(error: unknown): string {
  const code = sqlState(error);
  return `${code ? `SQLSTATE ${code}: ` : ''}${errorMessage(error)}`;
}
