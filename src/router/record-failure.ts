import type { Deployment } from './deployment.js';
import { cooldownDecision } from './error-kind.js';
import type { ModelGroupMatch } from './model-group-index.js';
import type { RouterSettings } from './router-settings.js';

/**
 * Counts a deployment's failure and cools it down when the rules say so. As LiteLLM, the only
 * deployment of a group is never cooled (that would only turn its errors into 429s); failures of
 * the state backend never fail the request.
 */
export async function recordFailure(options: {
  settings: RouterSettings;
  match: ModelGroupMatch;
  deployment: Deployment;
  error: unknown;
}): Promise<void> {
  const { settings, match, deployment, error } = options;
  if (settings.disableCooldowns || match.deployments.length < 2) return;
  const decision = cooldownDecision({
    error,
    allowedFails: settings.allowedFails,
    policy: settings.allowedFailsPolicy,
  });
  const seconds = cooldownSeconds(deployment, settings);
  try {
    if (decision.action === 'cooldown') {
      await settings.state.setCooldown(deployment.id, seconds, decision.reason);
    } else if (decision.action === 'count') {
      const failures = await settings.state.recordFailure(deployment.id, decision.failureKind);
      if (failures > decision.allowedFails) {
        await settings.state.setCooldown(deployment.id, seconds, `${failures} failures this minute`);
      }
    }
  } catch {
    // The state backend is down: routing goes on without this failure counted.
  }
}

function cooldownSeconds(deployment: Deployment, settings: RouterSettings): number {
  const own = deployment.params['cooldown_time'];
  return typeof own === 'number' && own >= 0 ? own : settings.cooldownSeconds;
}
