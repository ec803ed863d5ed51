import { type LoaderFunctionArgs } from 'react-router';
import { requireUser } from '@/lib/auth';

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireUser({ request });
  return null;
};

// Placeholder until features/telegram lands.
export const Component = () => (
  <section className="card" aria-labelledby="telegram-heading">
    <h2 id="telegram-heading">Telegram</h2>
  </section>
);
