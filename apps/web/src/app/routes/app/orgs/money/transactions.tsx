// The transactions list lives in the money-books feature; the money layout guards it (admin+).
export { TransactionsPage as Component, transactionsLoader as loader } from '@/features/money-books';
