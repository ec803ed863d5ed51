// The money-books pages, for the router. Each page is a route `Component` and each loader its
// route's `loader` (it only starts the page's requests, never waits); e.g. a route module
// `export { TransactionsPage as Component, transactionsLoader as loader } from '@/features/money-books';`.
// The money layout has already fetched the org (its currency and the caller's role).
export { TransactionsPage, type IncomeExtra } from './pages/transactions-page';
export type { ProjectOption } from './components/transaction-dialog';
export { ImportWizardPage } from './pages/import-wizard-page';
export { RulesPage } from './pages/rules-page';
export { importWizardLoader, rulesLoader, transactionsLoader } from './pages/loaders';
