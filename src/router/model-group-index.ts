import type { Deployment } from './deployment.js';

/** The deployments serving one requested model, and the provider model each must call. */
export interface ModelGroupMatch {
  /** The `model_name` that matched (the pattern itself for wildcard routes). */
  modelGroup: string;
  deployments: Deployment[];
  /** `litellm_params.model` with a wildcard filled in from the request. */
  modelFor(deployment: Deployment): string;
}

interface WildcardGroup {
  pattern: string;
  prefix: string;
  deployments: Deployment[];
}

/** Deployments grouped by `model_name`, with wildcard routes (`anthropic/*`, `*`): exact names win, then the longest prefix. */
export class ModelGroupIndex {
  private readonly exact = new Map<string, Deployment[]>();
  private readonly wildcards: WildcardGroup[] = [];

  constructor(readonly deployments: readonly Deployment[]) {
    for (const deployment of deployments) {
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

  match(requested: string): ModelGroupMatch | undefined {
    const exact = this.exact.get(requested);
    if (exact) return { modelGroup: requested, deployments: exact, modelFor: (deployment) => deployment.params.model };
    const group = this.wildcards.find((candidate) => requested.startsWith(candidate.prefix));
    if (!group) return undefined;
    const suffix = requested.slice(group.prefix.length);
    return {
      modelGroup: group.pattern,
      deployments: group.deployments,
      modelFor: (deployment) => {
        const target = deployment.params.model;
        return target.includes('*') ? target.replace('*', suffix) : target;
      },
    };
  }
}
