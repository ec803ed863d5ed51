import { useState, type FormEvent } from 'react';
import { leadStages, type LeadStage } from '@aiceo/shared/leads';
import { updateStageLabelsInputSchema } from '@aiceo/shared/playbooks';
import { defaultStageLabels, STAGE_LABEL_MAX, type StageLabels } from '@aiceo/shared/stage-labels';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { ApiError, validationError } from '@/lib/api-client';
import { useUpdateStageLabels } from '../api/update-stage-labels';
import './playbooks.css';

type StageLabelsFormProps = { orgId: string; labels: StageLabels; canEdit: boolean };

/** The org's names for the six pipeline stages; leads keep their stage, only its name changes. */
export const StageLabelsForm = ({ orgId, labels, canEdit }: StageLabelsFormProps) => {
  const update = useUpdateStageLabels(orgId);
  const toast = useToast();
  const [values, setValues] = useState<StageLabels>(labels);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const show = (error: unknown) => {
    const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
    setErrors(fieldErrors);
    const onFields = leadStages.some((stage) => fieldErrors[`labels.${stage}`]);
    setFormError(onFields ? null : error instanceof ApiError ? error.message : 'Something went wrong; try again');
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = updateStageLabelsInputSchema.safeParse({ labels: values });
    if (!parsed.success) {
      show(validationError(parsed.error));
      return;
    }
    setErrors({});
    setFormError(null);
    update.mutateAsync(parsed.data).then((current) => {
      setValues(current.stageLabels);
      toast('Stage names saved');
    }, show);
  };

  const set = (stage: LeadStage, value: string) => setValues((all) => ({ ...all, [stage]: value }));

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Stage names">
      <FormError>{formError}</FormError>
      <div className="stage-label-fields">
        {leadStages.map((stage) => (
          <TextField
            key={stage}
            label={`Stage ${leadStages.indexOf(stage) + 1} (default “${defaultStageLabels[stage]}”)`}
            name={`labels.${stage}`}
            value={values[stage]}
            onChange={(event) => set(stage, event.target.value)}
            maxLength={STAGE_LABEL_MAX}
            disabled={!canEdit}
            error={errors[`labels.${stage}`]}
          />
        ))}
      </div>
      {canEdit ? (
        <div className="button-row">
          <Button type="submit" isPending={update.isPending}>
            Save stage names
          </Button>
          <Button variant="secondary" onClick={() => setValues({ ...defaultStageLabels })}>
            Use the default names
          </Button>
        </div>
      ) : null}
    </form>
  );
};
