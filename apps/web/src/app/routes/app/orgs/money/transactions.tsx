// The transactions list lives in the money-books feature; the money layout guards it (admin+).
export { TransactionsPage as Component } from '@/features/money-books';
