import { aiProviderLabels, type AiStatus } from '@aiceo/shared/ai';

const purposeLabels = { chat: 'Chat', analysis: 'Analysis', creative: 'Creative', reasoning: 'Reasoning', summary: 'Summaries' } as const;

/** Online or offline, the configured providers, and which provider serves each purpose (in fallback order). */
export const AiStatusPanel = ({ status }: { status: AiStatus }) => (
  <div className="stack">
    {status.mode === 'offline' ? (
      <p>
        <span className="badge">Offline mode</span> No AI provider is configured. Your AI CEO answers with templates over your organisation’s real
        data, not with a model. Set a provider key on the server (for example <code>OPENAI_API_KEY</code>) to go online.
      </p>
    ) : (
      <p>
        <span className="badge good">Online</span> Answers come from the providers below.
      </p>
    )}
    {status.providers.length > 0 ? (
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Configured providers</caption>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Model</th>
            </tr>
          </thead>
          <tbody>
            {status.providers.map((provider) => (
              <tr key={provider.id}>
                <th scope="row">{provider.label}</th>
                <td className="mono">{provider.model}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ) : null}
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Routing per purpose</caption>
        <thead>
          <tr>
            <th scope="col">Purpose</th>
            <th scope="col">Providers, in fallback order</th>
          </tr>
        </thead>
        <tbody>
          {status.routing.map((route) => (
            <tr key={route.purpose}>
              <th scope="row">{purposeLabels[route.purpose]}</th>
              <td>{route.providers.map((provider) => aiProviderLabels[provider]).join(' → ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  </div>
);
