/**
 * A run's cleanups (Workers, databases, temporary files): each stop registered in `stops` runs
 * once, the last first, whether the run ends, fails or is interrupted (Ctrl-C, SIGTERM).
 */
export interface Cleanup {
  stops: (() => Promise<void>)[];
  stopAll(): Promise<void>;
  /** Whether a signal interrupted the run: failures after it are the cleanup's doing, not findings. */
  interrupted(): boolean;
}

export function cleanupOnExit(bounded: (stopping: Promise<void>) => Promise<void> = (stopping) => stopping): Cleanup {
  const stops: (() => Promise<void>)[] = [];
  let interrupted = false;
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await bounded(stop()).catch((error) => console.error('cleanup failed:', error));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      interrupted = true;
      void stopAll().then(() => process.exit(130));
    });
  }
  return { stops, stopAll, interrupted: () => interrupted };
}

/** Runs `main`, reporting a failure by the exit code, and cleans up whatever happened. */
export async function runMain(main: () => Promise<void>, cleanup: Cleanup): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (!cleanup.interrupted()) console.error(error);
    process.exitCode = 1;
  } finally {
    await cleanup.stopAll();
  }
}
