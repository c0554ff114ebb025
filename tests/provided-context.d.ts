/** What the global setup hands the tests (tests/setup/global-setup.ts). */
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    wsProxy: string;
    shopifySimUrl: string;
    alertReceiverUrl: string;
    accessTeamsUrl: string;
    imageServerUrl: string;
  }
}
