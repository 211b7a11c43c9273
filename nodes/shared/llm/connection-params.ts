/**
 * The connection params of every node that calls an OpenAI-compatible API (Prompt, Embed): one
 * definition, so the provider list, the trust wording and the secret's help stay the same. Pure data:
 * the window loads it through the nodes' defs.
 */

/** @example params: { ...llmConnectionParams({ model: 'gpt-4o-mini', sends: 'rows' }), variants: ... } */
export function llmConnectionParams<const M extends string>(o: { model: M; sends: string; azureHint?: string }) {
  return {
    provider: {
      kind: 'select',
      label: 'Provider',
      options: [
        { value: 'openai', label: 'OpenAI' },
        { value: 'azure', label: 'Azure OpenAI' },
        { value: 'compatible', label: 'OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio)' },
      ],
      default: 'openai',
      group: 'Connection',
    },
    baseUrl: {
      kind: 'text',
      label: 'Base URL',
      default: 'https://api.openai.com/v1',
      help: `Where ${o.sends} are sent.${o.azureHint ?? ''} A host other than this machine must be allowed once per pipeline.`,
      required: true,
      group: 'Connection',
    },
    azureApiVersion: { kind: 'text', label: 'Azure API version', default: '2024-10-21', showWhen: { provider: 'azure' }, group: 'Connection' },
    model: { kind: 'text', label: 'Model', default: o.model, required: true, help: 'Azure: the deployment name.', group: 'Connection' },
    apiKey: {
      kind: 'secret',
      label: 'API key (secret name)',
      default: 'OPENAI_API_KEY',
      help: 'The NAME of the secret; its value comes from the keychain (desktop) or the environment (CLI). Leave empty for a local server without keys.',
      group: 'Connection',
    },
  } as const;
}
