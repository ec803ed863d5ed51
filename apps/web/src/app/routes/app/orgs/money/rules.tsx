// Categorisation rules live in the money-books feature; the money layout guards them (admin+).
export { RulesPage as Component, rulesLoader as loader } from '@/features/money-books';
