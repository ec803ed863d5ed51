import { flushObservedStatuses } from './observed-statuses';

afterAll(() => flushObservedStatuses());
