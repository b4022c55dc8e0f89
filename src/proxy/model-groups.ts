import { createHash } from 'node:crypto';
import type { LiteLLMParams } from '../spec/litellm-params.js';
import type { DeploymentConfig } from './config/index.js';

/** One configured deployment: a `model_list` entry. */
export interface Deployment {
  /** `model_info.id`, or a stable hash of the entry (as LiteLLM). */
  id: string;
  modelName: string;
  params: LiteLLMParams & { model: string };
  modelInfo: Record<string, unknown>;
  /** Share of traffic under simple-shuffle: `weight`, else `rpm`, else `tpm`, else 1. */
  weight: number;
}

/** A deployment chosen for one request, with the provider model it must call. */
export interface DeploymentChoice {
  deployment: Deployment;
  /** The `model_name` group that matched (the wildcard pattern for wildcard routes). */
  modelGroup: string;
  /** `litellm_params.model` with a wildcard filled in from the request. */
  model: string;
}

interface WildcardGroup {
  pattern: string;
  prefix: string;
  deployments: Deployment[];
}

/**
 * The `model_list` grouped by `model_name`, with LiteLLM's wildcard routes (`anthropic/*`, `*`).
 * Exact names win; among wildcards, the longest prefix wins.
 */
export class ModelGroups {
  private readonly exact = new Map<string, Deployment[]>();
  private readonly wildcards: WildcardGroup[] = [];
  readonly deployments: Deployment[];

  constructor(modelList: readonly DeploymentConfig[]) {
    this.deployments = modelList.map(toDeployment);
    for (const deployment of this.deployments) {
      const name = deployment.modelName;
      if (name.endsWith('*')) {
        let group = this.wildcards.find((candidate) => candidate.pattern === name);
        if (!group) {
          group = { pattern: name, prefix: name.slice(0, -1), deployments: [] };
          this.wildcards.push(group);
        }
        group.deployments.push(deployment);
      } else {
        const list = this.exact.get(name) ?? [];
        list.push(deployment);
        this.exact.set(name, list);
      }
    }
    this.wildcards.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** Every `model_name`, in config order, once each. */
  names(): string[] {
    return [...new Set(this.deployments.map((deployment) => deployment.modelName))];
  }

  has(model: string): boolean {
    return this.exact.has(model) || this.wildcards.some((group) => model.startsWith(group.prefix));
  }

  /** Picks a deployment for the requested model (weighted random), or `undefined` if none serves it. */
  choose(requested: string, random: () => number = Math.random): DeploymentChoice | undefined {
    const exact = this.exact.get(requested);
    if (exact) {
      const deployment = pickWeighted(exact, random);
      return { deployment, modelGroup: requested, model: deployment.params.model };
    }
    const group = this.wildcards.find((candidate) => requested.startsWith(candidate.prefix));
    if (!group) return undefined;
    const deployment = pickWeighted(group.deployments, random);
    const suffix = requested.slice(group.prefix.length);
    const target = deployment.params.model;
    const model = target.includes('*') ? target.replace('*', suffix) : target;
    return { deployment, modelGroup: group.pattern, model };
  }

  /** The deployments of one group (exact name or wildcard pattern). */
  group(name: string): Deployment[] {
    return this.exact.get(name) ?? this.wildcards.find((group) => group.pattern === name)?.deployments ?? [];
  }
}

function toDeployment(entry: DeploymentConfig): Deployment {
  const params = entry.litellm_params;
  const weight = Number(params.weight ?? params.rpm ?? params.tpm ?? 1);
  return {
    id: typeof entry.model_info?.id === 'string' ? entry.model_info.id : hashDeployment(entry),
    modelName: entry.model_name,
    params,
    modelInfo: entry.model_info ?? {},
    weight: Number.isFinite(weight) && weight > 0 ? weight : 1,
  };
}

function hashDeployment(entry: DeploymentConfig): string {
  return createHash('sha256')
    .update(JSON.stringify([entry.model_name, entry.litellm_params]))
    .digest('hex');
}

function pickWeighted(deployments: Deployment[], random: () => number): Deployment {
  if (deployments.length === 1) return deployments[0] as Deployment;
  const total = deployments.reduce((sum, deployment) => sum + deployment.weight, 0);
  let point = random() * total;
  for (const deployment of deployments) {
    point -= deployment.weight;
    if (point < 0) return deployment;
  }
  return deployments[deployments.length - 1] as Deployment;
}
