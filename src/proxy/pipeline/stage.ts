import type { RequestContext, StageRunner } from './request-context.js';

/**
 * One step of the gateway's request pipeline, like a Hono or Fastify middleware: a small object
 * with the hooks it needs. The gateway runs, in order:
 *
 *   authenticate → (read and validate the body) → beforeCall → (call through the router)
 *   → afterCall → (respond) → account
 *
 * `authenticate` runs on the headers alone, before a byte of the body is read. `beforeCall` is
 * where limits, budgets, input guardrails and cache lookups go; `afterCall` where output guardrails
 * and cache stores go (for streams it runs once the stream is open). `account` runs exactly once on
 * every exit (success, refusal, upstream error, client abort, stream end, stream error), after the
 * context holds the outcome, usage and cost; it must not throw and must not wait on I/O.
 * A hook may throw an `LLMuxError` to refuse the request with its status.
 */
export interface Stage {
  readonly name: string;
  authenticate?(context: RequestContext): void | Promise<void>;
  beforeCall?(context: RequestContext): void | Promise<void>;
  afterCall?(context: RequestContext): void | Promise<void>;
  account?(context: RequestContext): void;
}

type Hook = 'authenticate' | 'beforeCall' | 'afterCall';

/** The configured stages, each hook's list made once: a hook no stage has costs nothing per request. */
export class Pipeline implements StageRunner {
  private readonly hooks: Record<Hook, Stage[]>;
  private readonly accountants: Stage[];

  constructor(readonly stages: readonly Stage[]) {
    this.hooks = {
      authenticate: stages.filter((stage) => stage.authenticate),
      beforeCall: stages.filter((stage) => stage.beforeCall),
      afterCall: stages.filter((stage) => stage.afterCall),
    };
    this.accountants = stages.filter((stage) => stage.account);
  }

  authenticate(context: RequestContext): void | Promise<void> {
    return this.run('authenticate', context);
  }

  beforeCall(context: RequestContext): void | Promise<void> {
    return this.run('beforeCall', context);
  }

  afterCall(context: RequestContext): void | Promise<void> {
    return this.run('afterCall', context);
  }

  /** Every account hook, each guarded: one failing accountant never stops the others or the response. */
  account(context: RequestContext): void {
    for (const stage of this.accountants) {
      try {
        stage.account?.(context);
      } catch (error) {
        context.state.log.log('error', 'account stage failed', { stage: stage.name, error: String(error) });
      }
    }
  }

  /** Runs one hook of every stage in order; synchronous while the hooks are (no promise per request for nothing). */
  private run(hook: Hook, context: RequestContext): void | Promise<void> {
    const stages = this.hooks[hook];
    for (let index = 0; index < stages.length; index++) {
      const result = (stages[index] as Stage)[hook]?.(context);
      if (result instanceof Promise) return this.finishAsync(hook, stages, index, result, context);
    }
  }

  private async finishAsync(
    hook: Hook,
    stages: Stage[],
    from: number,
    pending: Promise<void>,
    context: RequestContext,
  ): Promise<void> {
    await pending;
    for (let index = from + 1; index < stages.length; index++) await (stages[index] as Stage)[hook]?.(context);
  }
}
