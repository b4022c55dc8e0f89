import { MasterKeyAuth } from '../auth.js';
import type { Stage } from './stage.js';

/** Authenticate with the master key (constant time); without one configured, every caller is admitted. */
export function masterKeyStage(masterKey: string | undefined): Stage {
  const auth = new MasterKeyAuth(masterKey);
  return {
    name: 'master-key',
    authenticate(context) {
      auth.check(context.request);
      context.caller.admin = true;
    },
  };
}
