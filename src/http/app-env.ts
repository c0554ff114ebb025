import type { KeyPrincipal } from '../auth/api-keys';
import type { Warehouse } from '../warehouse/db';

/** The Hono environment shared by every route; API routes also get the caller and a database. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    principal: KeyPrincipal;
    db: Warehouse;
  };
}
