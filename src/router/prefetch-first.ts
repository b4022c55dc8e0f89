import type { AttemptHooks } from './route-request.js';

/**
 * Reads the first item of a stream before handing it over, so a failure before the first item is
 * an ordinary attempt failure the router retries or falls back from; a failure after it reaches the
 * caller. Breaking out early cancels the upstream. (Chat streams do this themselves: `streamChat`.)
 */
export async function prefetchFirst<T>(source: AsyncIterable<T>, hooks: AttemptHooks): Promise<AsyncGenerator<T>> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  hooks.firstChunk();
  return (async function* relay() {
    try {
      let next = first;
      while (!next.done) {
        yield next.value;
        next = await iterator.next();
      }
      hooks.finish(undefined);
    } catch (error) {
      hooks.fail(error);
      throw error;
    } finally {
      hooks.finish(undefined);
      await iterator.return?.()?.catch(() => undefined);
    }
  })();
}
