import { formatMoney } from '@aiceo/shared/money';
import { pricingModelLabels, pricingUnitLabels, type ServiceTemplate } from '@aiceo/shared/proposals';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { useToast } from '@/components/ui/toast';
import { useDeleteServiceTemplate } from '../api/delete-service-template';
import './service-templates.css';

const plural = (n: number, one: string, other = `${one}s`): string => `${n.toLocaleString()} ${n === 1 ? one : other}`;

const usedIn = (count: number): string =>
  count === 0 ? 'Not used in a proposal yet' : `Used in ${plural(count, 'proposal')}`;

type TemplateCardProps = { orgId: string; template: ServiceTemplate; onEdit: (template: ServiceTemplate) => void };

const TemplateCard = ({ orgId, template, onEdit }: TemplateCardProps) => {
  const remove = useDeleteServiceTemplate(orgId);
  const toast = useToast();
  const unit = pricingUnitLabels[template.pricingModel];
  return (
    <li className="card template-card" aria-labelledby={`template-${template.id}`}>
      <div className="template-card-head">
        <h2 id={`template-${template.id}`}>{template.name}</h2>
        <span className="badge">{pricingModelLabels[template.pricingModel]}</span>
      </div>
      {template.description ? <p className="template-card-text">{template.description}</p> : null}
      <dl className="template-facts">
        <div>
          <dt>Price</dt>
          <dd>
            {formatMoney(template.priceMinor, template.currency)} per {unit.one}
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{plural(template.durationDays, 'day')}</dd>
        </div>
        <div>
          <dt>Deliverables</dt>
          <dd>{template.deliverables.length}</dd>
        </div>
        <div>
          <dt>Proposals</dt>
          <dd>{usedIn(template.usedInProposals)}</dd>
        </div>
      </dl>
      <div className="actions">
        <Button
          variant="secondary"
          size="small"
          aria-label={`Edit ${template.name}`}
          aria-haspopup="dialog"
          onClick={() => onEdit(template)}
        >
          Edit
        </Button>
        <ConfirmButton
          aria-label={`Delete ${template.name}`}
          title={`Delete ${template.name}?`}
          description="The template goes for good. Proposals already made from it keep their own copy of its lines and deliverables."
          confirmLabel="Delete template"
          pendingLabel="Deleting…"
          onConfirm={async () => {
            await remove.mutateAsync(template.id);
            toast(`Template ${template.name} deleted`);
          }}
        >
          Delete
        </ConfirmButton>
      </div>
    </li>
  );
};

type TemplatesListProps = {
  orgId: string;
  templates: readonly ServiceTemplate[];
  onEdit: (template: ServiceTemplate) => void;
};

export const TemplatesList = ({ orgId, templates, onEdit }: TemplatesListProps) => (
  <ul className="template-list" aria-label="Service templates">
    {templates.map((template) => (
      <TemplateCard key={template.id} orgId={orgId} template={template} onEdit={onEdit} />
    ))}
  </ul>
);
