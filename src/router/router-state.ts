/** The router's shared-state interface lives in spec so the store can implement it without importing the router. */
export type * from '../spec/router-state.js';
export { ROUTER_STATE_DEFAULTS } from '../spec/router-state.js';
