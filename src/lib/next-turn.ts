/**
 * Hands the runtime its thread back for a moment. Long stretches of CPU work (parsing a chunk,
 * mapping a page of records) await this between parts, so that database replies and requests
 * waiting on the thread are served in between.
 */
export const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, 0));
