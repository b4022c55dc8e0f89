import type { Deployment } from './deployment.js';
import type { ModelGroupAliasTarget } from './router-options.js';

/** The deployments serving one requested model, and the provider model each must call. */
export interface ModelGroupMatch {
  /** The `model_name` that matched (the pattern itself for wildcard routes). */
  modelGroup: string;
  deployments: Deployment[];
  /** The deployments' ids, in the same order. */
  ids: readonly string[];
  /** `litellm_params.model` with a wildcard filled in from the request. */
  modelFor(deployment: Deployment): string;
  /** The request named one deployment by its `model_info.id`: no balancing, cooldown or tag filter. */
  pinned?: boolean;
}

interface WildcardGroup {
  pattern: string;
  prefix: string;
  deployments: Deployment[];
}

const configuredModel = (deployment: Deployment): string => deployment.params.model;

/**
 * Deployments grouped by `model_name`, with wildcard routes (`anthropic/*`, `*`): exact names win,
 * then a deployment's `model_info.id`, then the longest wildcard prefix. `model_group_alias` names
 * stand for their target group. Every lookup but a wildcard one is a map read built once.
 */
export class ModelGroupIndex {
  private readonly exact = new Map<string, Deployment[]>();
  private readonly wildcards: WildcardGroup[] = [];
  /** Matches of exact names (and aliases of them) are the same every time: built once (this runs on every request). */
  private readonly exactMatches = new Map<string, ModelGroupMatch>();
  private readonly byId = new Map<string, ModelGroupMatch>();
  /** Aliases whose target is not an exact name (a wildcard route): resolved per request. */
  private readonly wildcardAliases = new Map<string, string>();
  private readonly visibleAliases: string[] = [];
  private readonly groupIds = new Map<Deployment[], readonly string[]>();

  constructor(
    readonly deployments: readonly Deployment[],
    aliases: Readonly<Record<string, ModelGroupAliasTarget>> = {},
  ) {
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
      if (!this.byId.has(deployment.id)) {
        this.byId.set(deployment.id, {
          modelGroup: name,
          deployments: [deployment],
          ids: [deployment.id],
          modelFor: configuredModel,
          pinned: true,
        });
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
    this.addAliases(aliases);
  }

  /** Every name a client may ask for and see: each `model_name` in config order, then the aliases not hidden. */
  names(): string[] {
    return [...new Set([...this.deployments.map((deployment) => deployment.modelName), ...this.visibleAliases])];
  }

  match(requested: string): ModelGroupMatch | undefined {
    const exact = this.exactMatches.get(requested);
    if (exact) return exact;
    const pinned = this.byId.get(requested);
    if (pinned) return pinned;
    const aliasTarget = this.wildcardAliases.get(requested);
    return this.matchWildcard(aliasTarget ?? requested);
  }

  // As LiteLLM, an alias wins over a model_name of the same name.
  private addAliases(aliases: Readonly<Record<string, ModelGroupAliasTarget>>): void {
    for (const [alias, target] of Object.entries(aliases)) {
      const group = typeof target === 'string' ? target : target.model;
      if (typeof target === 'string' || target.hidden !== true) this.visibleAliases.push(alias);
      const exact = this.exactMatches.get(group);
      if (exact) this.exactMatches.set(alias, exact);
      else {
        this.exactMatches.delete(alias);
        this.wildcardAliases.set(alias, group);
      }
    }
  }

  private matchWildcard(requested: string): ModelGroupMatch | undefined {
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
