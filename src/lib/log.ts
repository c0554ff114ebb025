/**
 * Structured JSON logs: one object per line, which Workers Logs indexes by field.
 *
 * Logs carry error codes and ids, never bound parameters or payload values: an error is written
 * as its kind, its SQLSTATE and the names Postgres gives (constraint, table, column), and a message
 * stripped here, in one place, of what the data put in it. A failed query's message names the
 * statement but not its parameters (email hashes; emails in plaintext mode), and a Postgres message
 * quotes values ("invalid input syntax for type bigint: \"…\""): quoted text is masked.
 */
type Fields = Record<string, unknown>;

/** Names Postgres reports beside a message; schema names, never data. */
const POSTGRES_NAMES = ['schema', 'table', 'column', 'constraint', 'dataType', 'routine'] as const;
const MAX_STATEMENT = 300;
const MAX_CAUSES = 5;

const isSqlState = (code: unknown): code is string => typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);

/** Drizzle's failed query: `Failed query: <statement>\nparams: <values>`, with the statement and values as properties. */
const isFailedQuery = (error: Error): error is Error & { query: string } => typeof (error as { query?: unknown }).query === 'string' && 'params' in error;

function safeMessage(error: Error): string {
  if (isFailedQuery(error)) {
    const statement = error.query.replace(/\s+/g, ' ').trim();
    return `Failed query (parameters withheld): ${statement.length > MAX_STATEMENT ? `${statement.slice(0, MAX_STATEMENT)}…` : statement}`;
  }
  // A Postgres error quotes the value it refused; the names it quotes are in the fields beside.
  return isSqlState((error as { code?: unknown }).code) ? error.message.replace(/"(?:[^"]|"")*"/g, '"…"') : error.message;
}

/** One error of a cause chain, as a log may show it. */
function errorFields(error: Error): Fields {
  const fields: Fields = { name: error.name, message: safeMessage(error) };
  const code = (error as { code?: unknown }).code;
  if (isSqlState(code)) fields.code = code;
  for (const name of POSTGRES_NAMES) {
    const value = (error as unknown as Record<string, unknown>)[name];
    if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}

/** An error and its causes, outermost first; the stack only where the message is ours to show. */
function loggableError(error: Error): Fields {
  const causes: Fields[] = [];
  for (let e: unknown = error.cause, depth = 0; e instanceof Error && depth < MAX_CAUSES; e = e.cause, depth++) causes.push(errorFields(e));
  const fields = errorFields(error);
  const stackIsSafe = fields.message === error.message && error.stack?.startsWith(`${error.name}: ${error.message}`);
  return { ...fields, ...(stackIsSafe ? { stack: error.stack } : {}), ...(causes.length ? { causes } : {}) };
}

function serialise(fields: Fields): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] =
      value instanceof Error
        ? loggableError(value)
        : // The driver rejects a failed connection with the WebSocket's ErrorEvent, not an Error.
          typeof ErrorEvent !== 'undefined' && value instanceof ErrorEvent
          ? { name: 'ErrorEvent', message: value.message }
          : value;
  }
  return out;
}

function write(level: 'info' | 'warn' | 'error', message: string, fields: Fields = {}) {
  console[level === 'info' ? 'log' : level](JSON.stringify({ level, message, ...serialise(fields) }));
}

export const log = {
  info: (message: string, fields?: Fields) => write('info', message, fields),
  warn: (message: string, fields?: Fields) => write('warn', message, fields),
  error: (message: string, fields?: Fields) => write('error', message, fields),
};
