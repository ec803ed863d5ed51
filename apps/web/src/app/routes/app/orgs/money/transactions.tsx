// The transactions list lives in the money-books feature; the money layout guards it (admin+).
// An income row's dialog also shows the lead it came from (attribution), composed here, and
// any transaction can be tagged to one of the org's client projects (budget vs actual).
import { useParams } from 'react-router';
import { PaymentLeadMatch } from '@/features/attribution/components/payment-lead-match';
import { TransactionsPage } from '@/features/money-books';
import { useProjectOptions } from '@/features/projects/api/project-options';

export { transactionsLoader as loader } from '@/features/money-books';

export const Component = () => {
  const { orgId = '' } = useParams();
  const projects = useProjectOptions(orgId);
  return (
    <TransactionsPage
      incomeExtra={(transaction) => <PaymentLeadMatch orgId={orgId} transactionId={transaction.id} />}
      projects={projects.data}
    />
  );
};
