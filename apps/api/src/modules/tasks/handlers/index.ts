import type { TaskHandlers } from '../task-handler';
import { runEmailCampaign } from './email-campaign';
import { runGoalStep } from './goal-step';
import { failFastOnQuota } from './handler-support';
import { runLeadFollowup } from './lead-followup';
import { runApprovedAction } from '../../approvals/approvals.service';
import { runReport } from './report';
import { runSocialMediaPost } from './social-media-post';

/** What the executor runs for each task type. */
export const taskHandlers: TaskHandlers = {
  social_media_post: failFastOnQuota(runSocialMediaPost),
  email_campaign: failFastOnQuota(runEmailCampaign),
  lead_followup: failFastOnQuota(runLeadFollowup),
  goal_step: failFastOnQuota(runGoalStep),
  report: failFastOnQuota(runReport),
  approved_action: runApprovedAction,
};
