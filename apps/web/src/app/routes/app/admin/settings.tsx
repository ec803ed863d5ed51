import { QueryView } from '@/components/ui/states';
import { platformSettingsQueryOptions, usePlatformSettings } from '@/features/admin/api/get-settings';
import { PrivateModeSwitch } from '@/features/admin/components/private-mode-switch';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request }: { request: Request }) => {
  const user = await requireUser({ request });
  if (user.isPlatformAdmin) void queryClient.prefetchQuery(platformSettingsQueryOptions());
  return null;
};

export const Component = () => {
  const settings = usePlatformSettings();
  return (
    <section className="card" aria-labelledby="signup-heading">
      <h2 id="signup-heading">Sign-up mode</h2>
      <QueryView query={settings} loadingLabel="Loading settings…" errorTitle="Could not load the settings">
        {(data) => <PrivateModeSwitch settings={data} />}
      </QueryView>
    </section>
  );
};
