/**
 * Which database failures are worth retrying. Connection loss, serialization failures, deadlocks,
 * overload and shutdowns pass; bad data and broken constraints do not, however often they are tried.
 */
const TRANSIENT_SQLSTATE = /^(08|53|57P0|40001|40P01|55P03)/;

function sqlState(error: unknown): string | undefined {
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

export function describeDatabaseError(error: unknown): string {
  const code = sqlState(error);
  const messages: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof Error) messages.push(e.message);
  }
  return `${code ? `SQLSTATE ${code}: ` : ''}${messages.at(-1) ?? String(error)}`;
}
