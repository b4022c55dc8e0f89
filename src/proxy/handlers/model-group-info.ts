import { findModelInfo } from '../../models/index.js';
import { resolveModel } from '../../providers/registry.js';
import type { Deployment } from '../../router/index.js';

/** One row of LiteLLM's `/model_group/info`: what a client may call a model group with, no deployment detail. */
export interface ModelGroupInfo {
  model_group: string;
  providers: string[];
  max_input_tokens: number | null;
  max_output_tokens: number | null;
  input_cost_per_token: number | null;
  output_cost_per_token: number | null;
  mode: string;
  tpm: number | null;
  rpm: number | null;
  supports_parallel_function_calling: boolean;
  supports_vision: boolean;
  supports_function_calling: boolean;
  supports_reasoning: boolean;
  supports_response_schema: boolean;
  supports_prompt_caching: boolean;
  supported_openai_params: string[];
  configurable_clientside_auth_params: unknown[] | null;
}

const CAPABILITIES = [
  'supports_parallel_function_calling',
  'supports_vision',
  'supports_function_calling',
  'supports_reasoning',
  'supports_response_schema',
  'supports_prompt_caching',
] as const;

/** The price table's facts about a deployment's model (none for a wildcard). */
export function priceTableInfo(deployment: Deployment): Record<string, unknown> | undefined {
  const model = deployment.params.model;
  if (model.includes('*')) return undefined;
  return findModelInfo(model, { provider: deployment.params.custom_llm_provider as string | undefined });
}

/** The price-table facts of a deployment, with the operator's `model_info` over them. */
function deploymentModelInfo(deployment: Deployment): Record<string, unknown> {
  return { ...priceTableInfo(deployment), ...deployment.modelInfo };
}

/**
 * LiteLLM's `/model_group/info` rows: one per `model_name`, its deployments combined — every
 * provider, the largest context and output limits, the highest prices, summed rate limits, a
 * capability when any deployment has it, the union of supported OpenAI params.
 */
export function modelGroupRows(deployments: readonly Deployment[], only?: string): ModelGroupInfo[] {
  const groups = new Map<string, Deployment[]>();
  for (const deployment of deployments) {
    if (only !== undefined && deployment.modelName !== only) continue;
    const group = groups.get(deployment.modelName);
    if (group) group.push(deployment);
    else groups.set(deployment.modelName, [deployment]);
  }
  return [...groups].map(([name, members]) => modelGroupRow(name, members));
}

function modelGroupRow(name: string, deployments: Deployment[]): ModelGroupInfo {
  const row: ModelGroupInfo = {
    model_group: name,
    providers: [],
    max_input_tokens: null,
    max_output_tokens: null,
    input_cost_per_token: null,
    output_cost_per_token: null,
    mode: 'chat',
    tpm: null,
    rpm: null,
    supports_parallel_function_calling: false,
    supports_vision: false,
    supports_function_calling: false,
    supports_reasoning: false,
    supports_response_schema: false,
    supports_prompt_caching: false,
    supported_openai_params: [],
    configurable_clientside_auth_params: null,
  };
  const params = new Set<string>();
  let modeSet = false;
  for (const deployment of deployments) {
    const info = deploymentModelInfo(deployment);
    const resolved = resolveProvider(deployment);
    if (resolved && !row.providers.includes(resolved.provider.id)) row.providers.push(resolved.provider.id);
    if (resolved) for (const param of resolved.provider.supportedParams(resolved.modelId)) params.add(param);
    row.max_input_tokens = largest(row.max_input_tokens, info.max_input_tokens);
    row.max_output_tokens = largest(row.max_output_tokens, info.max_output_tokens);
    row.input_cost_per_token = largest(
      row.input_cost_per_token,
      deployment.params.input_cost_per_token ?? info.input_cost_per_token,
    );
    row.output_cost_per_token = largest(
      row.output_cost_per_token,
      deployment.params.output_cost_per_token ?? info.output_cost_per_token,
    );
    if (!modeSet && typeof info.mode === 'string') {
      row.mode = info.mode;
      modeSet = true;
    }
    if (deployment.tpm !== undefined) row.tpm = (row.tpm ?? 0) + deployment.tpm;
    if (deployment.rpm !== undefined) row.rpm = (row.rpm ?? 0) + deployment.rpm;
    for (const capability of CAPABILITIES) if (info[capability] === true) row[capability] = true;
    const clientside = deployment.params.configurable_clientside_auth_params;
    if (Array.isArray(clientside)) row.configurable_clientside_auth_params = clientside;
  }
  row.supported_openai_params = [...params];
  return row;
}

function resolveProvider(deployment: Deployment) {
  try {
    return resolveModel(deployment.params.model, deployment.params.custom_llm_provider);
  } catch {
    return undefined;
  }
}

function largest(current: number | null, value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return current;
  return current === null || value > current ? value : current;
}
