/** Structured JSON logs: one object per line, which Workers Logs indexes by field. */
type Fields = Record<string, unknown>;

function serialise(fields: Fields): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] =
      value instanceof Error
        ? { name: value.name, message: value.message, stack: value.stack }
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
