import {
  CLIENT_CREDENTIAL_PARAMS,
  CLIENT_SUPPLIED_BASE_PARAM,
  type ClientSuppliedBase,
  type LiteLLMParams,
  NON_SECRET_ROUTING_PARAMS,
} from '../spec/litellm-params.js';
import type { AddressGuard, Transport, TransportRequest } from '../spec/transport.js';

const SIGNING_PARAMS: ReadonlySet<string> = new Set(
  CLIENT_CREDENTIAL_PARAMS.filter((name) => !NON_SECRET_ROUTING_PARAMS.has(name)),
);
// Provider-specific credential fields not in the list (azure_client_secret, api_token, aws_web_identity_token …).
const SECRET_NAME = /key|secret|token|password|credential|passphrase/i;

/**
 * A call's LiteLLM fields when a gateway's client chose its api_base: every field that signs a
 * call (keys, tokens, headers, cloud credentials, organization) is dropped, whoever set it, and
 * only the client's own are laid back. Providers read `context.params`, so they see nothing else.
 */
export function paramsForClientSuppliedBase(litellm: LiteLLMParams, clientBase: ClientSuppliedBase): LiteLLMParams {
  const params: LiteLLMParams = {};
  for (const name in litellm) {
    if (SIGNING_PARAMS.has(name) || (SECRET_NAME.test(name) && !name.includes('cost'))) continue;
    params[name] = litellm[name];
  }
  Object.assign(params, clientBase.credentials);
  params[CLIENT_SUPPLIED_BASE_PARAM] = clientBase;
  return params;
}

/** A transport that hands every request of the call the gateway's address guard. */
export function guardedTransport(transport: Transport, guard: AddressGuard): Transport {
  return (request) => {
    const guarded: TransportRequest = {
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: request.body,
      cancel: request.cancel,
      // Read when the transport asks: a lazily made AbortSignal stays lazy.
      get signal() {
        return request.signal;
      },
      addressGuard: guard,
    };
    return transport(guarded);
  };
}
