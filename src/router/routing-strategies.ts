import { findModelInfo } from '../models/index.js';
import type { Deployment } from './deployment.js';
import type { RoutingStrategy } from './router-options.js';
import type { RouterState } from './router-state.js';

export interface RankOptions {
  strategy: RoutingStrategy;
  deployments: Deployment[];
  state: RouterState;
  random: () => number;
  modelFor: (deployment: Deployment) => string;
  /** Estimated prompt tokens, for the tpm headroom check of usage-based routing. */
  promptTokens: number;
  latencyBuffer: number;
  latencyTtlMs: number;
}

/**
 * Orders the candidate deployments best first under a routing strategy. The router tries them in
 * this order, so a deployment whose rpm reservation fails gives way to the next.
 */
export async function rankDeployments(options: RankOptions): Promise<Deployment[]> {
  switch (options.strategy) {
    case 'least-busy':
      return rankLeastBusy(options);
    case 'usage-based-routing':
    case 'usage-based-routing-v2':
      return rankByUsage(options);
    case 'latency-based-routing':
      return rankByLatency(options);
    case 'cost-based-routing':
      return rankByCost(options);
    default:
      return weightedShuffle(options.deployments, options.random);
  }
}

/** Random order where each pick is weighted by `weight` (else rpm, else tpm). */
export function weightedShuffle(deployments: readonly Deployment[], random: () => number): Deployment[] {
  const remaining = [...deployments];
  const ordered: Deployment[] = [];
  while (remaining.length > 0) {
    const total = remaining.reduce((sum, deployment) => sum + deployment.weight, 0);
    let point = random() * total;
    let index = remaining.findIndex((deployment) => {
      point -= deployment.weight;
      return point < 0;
    });
    if (index < 0) index = remaining.length - 1;
    ordered.push(...remaining.splice(index, 1));
  }
  return ordered;
}

/** Sorts by score, ties broken at random so equal deployments share the load. */
function sortByScore(
  deployments: readonly Deployment[],
  score: (deployment: Deployment) => number,
  random: () => number,
) {
  return deployments
    .map((deployment) => ({ deployment, score: score(deployment), tie: random() }))
    .sort((a, b) => a.score - b.score || a.tie - b.tie)
    .map((entry) => entry.deployment);
}

async function rankLeastBusy(options: RankOptions): Promise<Deployment[]> {
  const counts = await options.state.inFlight(options.deployments.map((deployment) => deployment.id));
  return sortByScore(options.deployments, (deployment) => counts.get(deployment.id) ?? 0, options.random);
}

async function rankByUsage(options: RankOptions): Promise<Deployment[]> {
  const usage = await options.state.usage(options.deployments.map((deployment) => deployment.id));
  const withinLimits = options.deployments.filter((deployment) => {
    const used = usage.get(deployment.id) ?? { rpm: 0, tpm: 0 };
    if (deployment.rpm !== undefined && used.rpm >= deployment.rpm) return false;
    return deployment.tpm === undefined || used.tpm + options.promptTokens <= deployment.tpm;
  });
  return sortByScore(withinLimits, (deployment) => usage.get(deployment.id)?.tpm ?? 0, options.random);
}

async function rankByLatency(options: RankOptions): Promise<Deployment[]> {
  const samples = await options.state.latencies(
    options.deployments.map((deployment) => deployment.id),
    options.latencyTtlMs,
  );
  // A deployment without recent samples counts as fastest, so every deployment gets measured.
  const average = (deployment: Deployment) => {
    const list = samples.get(deployment.id) ?? [];
    return list.length === 0 ? 0 : list.reduce((sum, sample) => sum + sample.latencyMs, 0) / list.length;
  };
  const ranked = sortByScore(options.deployments, average, options.random);
  const first = ranked[0];
  if (!first || options.latencyBuffer <= 0) return ranked;
  // lowest_latency_buffer: any deployment within (1 + buffer) × the fastest may serve, at random.
  const limit = average(first) * (1 + options.latencyBuffer);
  const near = ranked.filter((deployment) => average(deployment) <= limit);
  const rest = ranked.filter((deployment) => average(deployment) > limit);
  return [...weightedShuffle(near, options.random), ...rest];
}

/** USD for one input plus one output token: the deployment's own prices, else `model_info`, else the price table. */
export function deploymentPrice(deployment: Deployment, model: string): number {
  const params = deployment.params;
  const info = deployment.modelInfo;
  const table = findModelInfo(model, { provider: params.custom_llm_provider });
  const input = firstNumber(params.input_cost_per_token, info['input_cost_per_token'], table?.input_cost_per_token);
  const output = firstNumber(params.output_cost_per_token, info['output_cost_per_token'], table?.output_cost_per_token);
  if (input === undefined && output === undefined) return Number.POSITIVE_INFINITY;
  return (input ?? 0) + (output ?? 0);
}

function firstNumber(...values: unknown[]): number | undefined {
  return values.find((value): value is number => typeof value === 'number' && Number.isFinite(value));
}

async function rankByCost(options: RankOptions): Promise<Deployment[]> {
  return sortByScore(
    options.deployments,
    (deployment) => deploymentPrice(deployment, options.modelFor(deployment)),
    options.random,
  );
}
