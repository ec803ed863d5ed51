import { useState, type DragEvent } from 'react';
import { Link } from 'react-router';
import { leadStages, type Lead, type LeadPipeline, type LeadStage } from '@aiceo/shared/leads';
import { formatMoney } from '@aiceo/shared/money';
import { paths } from '@/config/paths';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useOrgCurrency } from '@/hooks/use-org-currency';
import { useStageLabels } from '@/hooks/use-stage-labels';
import type { Board } from '../api/get-board';
import { useMoveLead } from '../api/move-lead';
import { ScoreBadge } from './score-badge';
import { UnsubscribedBadge } from './unsubscribed-badge';
import './leads.css';

const DRAG_TYPE = 'application/x-aiceo-lead';

type CardProps = {
  orgId: string;
  lead: Lead;
  isDragging: boolean;
  onDragStart: (lead: Lead) => void;
  onDragEnd: () => void;
  onMove: (lead: Lead, to: LeadStage) => void;
};

const LeadCard = ({ orgId, lead, isDragging, onDragStart, onDragEnd, onMove }: CardProps) => {
  const stageLabels = useStageLabels();
  return (
    <li
      className={`board-card${isDragging ? ' is-dragging' : ''}`}
      draggable
      data-testid="lead-card"
      aria-label={lead.name}
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, lead.id);
        event.dataTransfer.setData('text/plain', lead.name);
        event.dataTransfer.effectAllowed = 'move';
        onDragStart(lead);
      }}
      onDragEnd={onDragEnd}
    >
      <div className="board-card-title">
        <Link to={paths.orgs.leads.lead.getHref(orgId, lead.id)} draggable={false}>
          {lead.name}
        </Link>
        <ScoreBadge score={lead.score} />
      </div>
      <div className="board-card-meta">
        <span>{lead.company || '—'}</span>
        <span>{formatMoney(lead.valueCents, lead.currency)}</span>
      </div>
      {lead.unsubscribedAt ? (
        <div>
          <UnsubscribedBadge unsubscribedAt={lead.unsubscribedAt} />
        </div>
      ) : null}
      {/* The keyboard and screen-reader way to do what dragging does. */}
      <label className="visually-hidden" htmlFor={`move-${lead.id}`}>
        Move {lead.name} to
      </label>
      <select
        id={`move-${lead.id}`}
        value={lead.stage}
        onChange={(event) => onMove(lead, event.target.value as LeadStage)}
      >
        {leadStages.map((stage) => (
          <option key={stage} value={stage}>
            {stage === lead.stage ? `In ${stageLabels[stage]}` : `Move to ${stageLabels[stage]}`}
          </option>
        ))}
      </select>
    </li>
  );
};

type PipelineBoardProps = { orgId: string; board: Board; pipeline: LeadPipeline | undefined };

/** One column per stage; a card dropped on another column (or moved with its select) changes stage at once. */
export const PipelineBoard = ({ orgId, board, pipeline }: PipelineBoardProps) => {
  const move = useMoveLead(orgId);
  const toast = useToast();
  const orgCurrency = useOrgCurrency();
  const stageLabels = useStageLabels();
  // The pipeline says its currency; until it has loaded, the org's (the same one).
  const currency = pipeline?.currency ?? orgCurrency;
  const [dragged, setDragged] = useState<Lead | null>(null);
  const [over, setOver] = useState<LeadStage | null>(null);

  const onMove = (lead: Lead, to: LeadStage) => {
    if (lead.stage === to) return;
    move.mutate(
      { lead, to },
      {
        onSuccess: () => toast(`${lead.name} moved to ${stageLabels[to]}`),
        onError: (error) => toast(`${lead.name} stays in ${stageLabels[lead.stage]}: ${errorMessage(error)}`, 'error'),
      },
    );
  };

  const findLead = (id: string): Lead | undefined =>
    leadStages.flatMap((stage) => board[stage]).find((lead) => lead.id === id);

  const onDrop = (stage: LeadStage) => (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setOver(null);
    const lead = findLead(event.dataTransfer.getData(DRAG_TYPE)) ?? dragged;
    setDragged(null);
    if (lead) onMove(lead, stage);
  };

  return (
    <div className="board">
      {leadStages.map((stage) => {
        const totals = pipeline?.stages.find((s) => s.stage === stage);
        const cards = board[stage];
        const headingId = `board-${stage}`;
        return (
          <section
            key={stage}
            className={`board-column${over === stage ? ' is-over' : ''}`}
            aria-labelledby={headingId}
            data-stage={stage}
            onDragOver={(event) => {
              event.preventDefault();
              event.dataTransfer.dropEffect = 'move';
              if (over !== stage) setOver(stage);
            }}
            onDragLeave={(event) => {
              if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(null);
            }}
            onDrop={onDrop(stage)}
          >
            <h2 id={headingId}>
              {stageLabels[stage]}
              <span className="badge" data-testid="stage-count">
                {totals?.count ?? cards.length}
                <span className="visually-hidden"> leads</span>
              </span>
            </h2>
            <p className="board-column-total">
              {formatMoney(totals?.valueCents ?? cards.reduce((sum, lead) => sum + lead.valueCents, 0), currency)}
            </p>
            <ul className="board-cards">
              {cards.map((lead) => (
                <LeadCard
                  key={lead.id}
                  orgId={orgId}
                  lead={lead}
                  isDragging={dragged?.id === lead.id}
                  onDragStart={setDragged}
                  onDragEnd={() => {
                    setDragged(null);
                    setOver(null);
                  }}
                  onMove={onMove}
                />
              ))}
            </ul>
            {totals && totals.count > cards.length ? (
              <p className="muted">
                <Link to={paths.orgs.leads.list.getHref(orgId, `stage=${stage}`)}>All {totals.count} in the table</Link>
              </p>
            ) : null}
          </section>
        );
      })}
    </div>
  );
};
