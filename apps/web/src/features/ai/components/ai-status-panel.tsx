import { aiProviderLabels, type AiStatus } from '@aiceo/shared/ai';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';

const purposeLabels = {
  chat: 'Chat',
  analysis: 'Analysis',
  creative: 'Creative',
  reasoning: 'Reasoning',
  summary: 'Summaries',
  sales_chat: 'Website chat',
} as const;

const providerColumns: DataTableColumn<AiStatus['providers'][number]>[] = [
  { header: 'Provider', isRowHeader: true, cell: (provider) => provider.label },
  { header: 'Model', className: 'mono', cell: (provider) => provider.model },
];

const routingColumns: DataTableColumn<AiStatus['routing'][number]>[] = [
  { header: 'Purpose', isRowHeader: true, cell: (route) => purposeLabels[route.purpose] },
  {
    header: 'Providers, in fallback order',
    cell: (route) => route.providers.map((provider) => aiProviderLabels[provider]).join(' → ') || '—',
  },
];

/** Online or offline, the configured providers, and which provider serves each purpose (in fallback order). */
export const AiStatusPanel = ({ status }: { status: AiStatus }) => (
  <div className="stack">
    {status.mode === 'offline' ? (
      <p>
        <span className="badge">Offline mode</span> No AI provider is configured. Your AI CEO answers with templates
        over your organisation’s real data, not with a model. Set a provider key on the server (for example{' '}
        <code>OPENAI_API_KEY</code>) to go online.
      </p>
    ) : (
      <p>
        <span className="badge good">Online</span> Answers come from the providers below.
      </p>
    )}
    {status.providers.length > 0 ? (
      <DataTable caption="Configured providers" columns={providerColumns} rows={status.providers} />
    ) : null}
    <DataTable
      caption="Routing per purpose"
      columns={routingColumns}
      rows={status.routing}
      rowKey={(route) => route.purpose}
    />
  </div>
);
