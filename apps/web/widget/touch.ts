import type { TouchInput } from '@aiceo/shared/attribution';
import { touchFromUrl } from '@aiceo/shared/utm';

/** The touch of this page load (utm_ parameters, referrer, landing page). */
export const touchOfPage = (pageUrl: string, referrer: string): TouchInput => touchFromUrl(pageUrl, referrer);
