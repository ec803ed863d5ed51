import { useParams, type LoaderFunctionArgs } from 'react-router';
import { hasRole } from '@aiceo/shared/roles';
import { QueryView } from '@/components/ui/states';
import { useWidgetSettings, widgetSettingsQueryOptions } from '@/features/website-chat/api/get-widget-settings';
import { EmbedSnippet } from '@/features/website-chat/components/embed-snippet';
import { WidgetSettingsForm } from '@/features/website-chat/components/widget-settings-form';
import '@/features/website-chat/components/website-chat.css';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  void queryClient.prefetchQuery(widgetSettingsQueryOptions(params.orgId ?? ''));
  await requireUser({ request });
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const canEdit = org.role !== null && hasRole(org.role, 'admin');
  const settings = useWidgetSettings(orgId);
  return (
    <div className="stack">
      <section className="card" aria-labelledby="website-chat-heading">
        <h2 id="website-chat-heading">Website chat</h2>
        <p className="muted">
          An AI sales rep on your website: it answers visitors from what you write here, captures their details as they
          talk, and adds them to your leads. You can take over any conversation.
        </p>
        <QueryView query={settings} loadingLabel="Loading the chat settings…" errorTitle="Could not load the settings">
          {(data) => <WidgetSettingsForm key={data.updatedAt} orgId={orgId} settings={data} canEdit={canEdit} />}
        </QueryView>
      </section>
      <section className="card" aria-labelledby="website-chat-install-heading">
        <h2 id="website-chat-install-heading">Install on your site</h2>
        <QueryView query={settings} loadingLabel="Loading the snippet…" errorTitle="Could not load the snippet">
          {(data) => <EmbedSnippet orgId={orgId} settings={data} canEdit={canEdit} />}
        </QueryView>
      </section>
    </div>
  );
};
