import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROVIDER_SOURCES } from '../../src/models/provider-sources.js';
import { splitModelName } from '../../src/models/split-model-name.js';
import { BUILT_IN_PROVIDERS, listProviderIds, resolveModel } from '../../src/providers/registry.js';
import {
  BARE_MODEL_RULES,
  bareModelProvider,
  CATALOG_ONLY_PROVIDER_IDS,
  PROVIDER_IDS,
  type ProviderId,
} from '../../src/spec/provider-ids.js';

const sorted = (ids: Iterable<string>): string[] => [...ids].sort();

describe('provider ids: one list, and every table covers it', () => {
  it('registers exactly the built-in PROVIDER_IDS, each once', () => {
    const builtIn = BUILT_IN_PROVIDERS.map((provider) => provider.id);
    assert.equal(new Set(builtIn).size, builtIn.length, 'a built-in provider is registered twice');
    assert.deepEqual(sorted(builtIn), sorted(PROVIDER_IDS));
    assert.deepEqual(sorted(listProviderIds()), sorted(PROVIDER_IDS));
  });

  it('gives every registered provider a PROVIDER_SOURCES entry', () => {
    const missing = listProviderIds().filter((id) => !Object.hasOwn(PROVIDER_SOURCES, id));
    assert.deepEqual(missing, [], 'add these providers to PROVIDER_SOURCES in src/models/provider-sources.ts');
  });

  it('keys PROVIDER_SOURCES only by providers or documented catalogue-only ids', () => {
    const known = new Set<string>([...PROVIDER_IDS, ...CATALOG_ONLY_PROVIDER_IDS]);
    const stray = Object.keys(PROVIDER_SOURCES).filter((id) => !known.has(id));
    assert.deepEqual(stray, [], 'a PROVIDER_SOURCES key names no provider: list it in CATALOG_ONLY_PROVIDER_IDS');
    assert.deepEqual(sorted(Object.keys(PROVIDER_SOURCES)), sorted(known));
  });

  it('makes a misspelt built-in id a compile error (tsc checks the @ts-expect-error lines)', () => {
    // @ts-expect-error 'antropic' is not a ProviderId
    const typo: ProviderId = 'antropic';
    const valid: ProviderId = 'anthropic';
    assert.ok(!(PROVIDER_IDS as readonly string[]).includes(typo) && PROVIDER_IDS.includes(valid));
  });

  it('keeps catalogue-only ids apart from registered ones (resolveModel refuses them)', () => {
    for (const id of CATALOG_ONLY_PROVIDER_IDS) {
      assert.ok(!listProviderIds().includes(id), `${id} is registered: move it to PROVIDER_IDS`);
      assert.throws(() => resolveModel(`${id}/some-model`), { code: 'invalid_model' });
    }
  });
});

describe('bare model names: one rule list for the registry and the catalogue', () => {
  const cases: [string, string][] = [
    ['claude-sonnet-4-5', 'anthropic'],
    ['gemini-2.5-flash', 'gemini'],
    ['gpt-4o', 'openai'],
    ['o3-mini', 'openai'],
  ];

  for (const [model, provider] of cases) {
    it(`sends bare ${model} to ${provider} in both layers`, () => {
      assert.equal(resolveModel(model).provider.id, provider);
      assert.equal(splitModelName(model).provider, provider);
    });
  }

  it("reads Google's models/gemini-* spelling as Gemini's in the catalogue", () => {
    assert.equal(bareModelProvider('models/gemini-2.5-pro'), 'gemini');
    assert.deepEqual(splitModelName('models/gemini-2.5-pro'), { provider: 'gemini', modelId: 'models/gemini-2.5-pro' });
  });

  it('names only registered providers in its rules', () => {
    for (const rule of BARE_MODEL_RULES) assert.ok(listProviderIds().includes(rule.provider), rule.provider);
  });
});
