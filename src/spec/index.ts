export type * from './litellm-params.js';
export type * from './openai-chat.js';
export type * from './openai-completions.js';
export type * from './openai-embeddings.js';
export type * from './provider.js';
export type * from './router-state.js';
export type * from './transport.js';
export type * from './warning.js';
