import { QueryView } from '@/components/ui/states';
import { useAdminHealth } from '@/features/admin/api/get-health';
import { HealthView } from '@/features/admin/components/health-view';

export const Component = () => {
  const health = useAdminHealth();
  return (
    <section aria-labelledby="health-heading" className="stack">
      <h2 id="health-heading">System health</h2>
      <QueryView query={health} loadingLabel="Checking…" errorTitle="Could not check the system">
        {(data) => <HealthView health={data} />}
      </QueryView>
    </section>
  );
};
