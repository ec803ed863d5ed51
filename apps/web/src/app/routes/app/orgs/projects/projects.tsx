import { PageHeader } from '@/components/ui/page-header';

// Placeholder while the page is built.
export const Component = () => <PageHeader title="Coming soon" />;
