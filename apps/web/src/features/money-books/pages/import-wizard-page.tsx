import { useParams } from 'react-router';
import { PageHeader } from '@/components/ui/page-header';
import { AdminOnly } from '../components/admin-only';
import { ImportWizard } from '../components/import-wizard';
import '../money-books.css';

/** Bank-statement import: upload, what was detected, preview with duplicates and rejected rows, commit. */
export const ImportWizardPage = () => {
  const { orgId = '' } = useParams();
  return (
    <>
      <PageHeader
        title="Import a bank statement"
        description="Bring in your bank's or card's CSV export as it is: no mapping needed for a real bank's file, and rows already in your books are never booked twice."
      />
      <AdminOnly>
        <ImportWizard orgId={orgId} />
      </AdminOnly>
    </>
  );
};
