import type { Deployment } from './deployment.js';

/** The deployments serving one requested model, and the provider model each must call. */
export interface ModelGroupMatch {
  /** The `model_name` that matched (the pattern itself for wildcard routes). */
  modelGroup: string;
  deployments: Deployment[];
  /** The deployments' ids, in the same order. */
  ids: readonly string[];
  /** `litellm_params.model` with a wildcard filled in from the request. */
  modelFor(deployment: Deployment): string;
}

interface WildcardGroup {
  pattern: string;
  prefix: string;
  deployments: Deployment[];
}

const configuredModel = (deployment: Deployment): string => deployment.params.model;

/** Deployments grouped by `model_name`, with wildcard routes (`anthropic/*`, `*`): exact names win, then the longest prefix. */
export class ModelGroupIndex {
  private readonly exact = new Map<string, Deployment[]>();
  private readonly wildcards: WildcardGroup[] = [];
  /** Matches of exact names are the same every time: built once (this runs on every request). */
  private readonly exactMatches = new Map<string, ModelGroupMatch>();
  private readonly groupIds = new Map<Deployment[], readonly string[]>();

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
    for (const [name, list] of this.exact) {
      this.exactMatches.set(name, {
        modelGroup: name,
        deployments: list,
        ids: this.idsOf(list),
        modelFor: configuredModel,
      });
    }
  }

  /** Every `model_name`, in config order, once each. */
  names(): string[] {
    return [...new Set(this.deployments.map((deployment) => deployment.modelName))];
  }

  match(requested: string): ModelGroupMatch | undefined {
    const exact = this.exactMatches.get(requested);
    if (exact) return exact;
    const group = this.wildcards.find((candidate) => requested.startsWith(candidate.prefix));
    if (!group) return undefined;
    const suffix = requested.slice(group.prefix.length);
    return {
      modelGroup: group.pattern,
      deployments: group.deployments,
      ids: this.idsOf(group.deployments),
      modelFor: (deployment) => {
        const target = deployment.params.model;
        return target.includes('*') ? target.replace('*', suffix) : target;
      },
    };
  }

  private idsOf(list: Deployment[]): readonly string[] {
    let ids = this.groupIds.get(list);
    if (!ids) {
      ids = list.map((deployment) => deployment.id);
      this.groupIds.set(list, ids);
    }
    return ids;
  }
}
