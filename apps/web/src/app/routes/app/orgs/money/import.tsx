// The bank-statement import wizard lives in the money-books feature; the money layout guards it (admin+).
export { ImportWizardPage as Component, importWizardLoader as loader } from '@/features/money-books';
