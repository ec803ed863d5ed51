import { Button } from '@/components/ui/button';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import './money.css';

type CsvButtonProps = { label: string; isPending: boolean; onDownload: () => Promise<unknown> };

/** "Download CSV" for a report: the file is fetched with the session, then saved by the browser. */
export const CsvButton = ({ label, isPending, onDownload }: CsvButtonProps) => {
  const toast = useToast();
  return (
    <Button
      variant="secondary"
      isPending={isPending}
      pendingLabel="Preparing CSV…"
      aria-label={label}
      onClick={() => void onDownload().catch((error: unknown) => toast(errorMessage(error), 'error'))}
    >
      Download CSV
    </Button>
  );
};
