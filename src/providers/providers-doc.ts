import { OPENAI_CHAT_PARAMS } from './openai-params.js';
import { getProvider, listProviderIds } from './registry.js';

const HEADER = `# Providers

Generated from the provider registry by \`npx tsx scripts/gen-providers-doc.ts\`; a test fails when it is stale.

Call a provider with \`model: "<prefix>/<model-id>"\` (a bare name such as \`gpt-4o\` means OpenAI; bare \`claude-*\`
and \`gemini-*\` names go to Anthropic and Gemini, as in LiteLLM). The key comes from \`api_key\` or the first
variable listed that is set; the base URL from \`api_base\`, the listed variable, or the default.
"Unsupported" lists the OpenAI parameters the provider rejects for a typical model: they raise
\`UnsupportedParamsError\` unless \`drop_params\` is set, in which case they are dropped with a warning.
Parameters OpenAI does not define are passed through to the provider unchanged.

| prefix | default base URL | key variables | base variable | key needed | embeddings | /completions | unsupported OpenAI params |
| --- | --- | --- | --- | --- | --- | --- | --- |
`;

/** The providers table as Markdown. */
export function renderProvidersDoc(): string {
  const rows = listProviderIds().map((id) => {
    const provider = getProvider(id);
    if (!provider) return '';
    const supported = provider.supportedParams('model');
    const unsupported = OPENAI_CHAT_PARAMS.filter((name) => !supported.has(name));
    return `| \`${id}\` | ${provider.defaultApiBase ? `\`${provider.defaultApiBase}\`` : '(set api_base)'} | ${provider.apiKeyEnv.map((name) => `\`${name}\``).join(', ') || '—'} | ${provider.apiBaseEnv.map((name) => `\`${name}\``).join(', ') || '—'} | ${provider.requiresApiKey ? 'yes' : 'no'} | ${provider.doEmbed ? 'yes' : '—'} | ${provider.doTextCompletion ? 'native' : 'via chat'} | ${unsupported.join(', ') || '—'} |`;
  });
  return `${HEADER}${rows.join('\n')}\n`;
}
