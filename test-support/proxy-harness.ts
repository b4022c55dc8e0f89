import type { ProxyConfig } from '../src/proxy/config/index.js';
import { type RunningProxy, type StartProxyOptions, startProxy } from '../src/proxy/start-proxy.js';

/**
 * Starts the real proxy on a loopback port, with logs off unless LLMUX_TEST_LOGS is set; `options`
 * overrides the start options (a log level, a log writer).
 */
export async function startTestProxy(
  config: Partial<ProxyConfig> & Pick<ProxyConfig, 'model_list'>,
  options: Partial<Omit<StartProxyOptions, 'config'>> = {},
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
    ...options,
  });
}
