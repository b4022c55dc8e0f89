import type { ProxyConfig } from '../src/proxy/config/index.js';
import { type RunningProxy, startProxy } from '../src/proxy/start-proxy.js';

/** Starts the real proxy on a loopback port, with logs off unless LLMUX_TEST_LOGS is set. */
export async function startTestProxy(
  config: Partial<ProxyConfig> & Pick<ProxyConfig, 'model_list'>,
): Promise<RunningProxy> {
  return startProxy({
    config: {
      litellm_settings: {},
      router_settings: {},
      general_settings: {},
      environment_variables: {},
      ...config,
    },
    host: '127.0.0.1',
    port: 0,
    logLevel: process.env.LLMUX_TEST_LOGS ? 'debug' : 'silent',
    version: 'test',
    handleSignals: false,
    shutdownGraceMs: 2000,
  });
}
