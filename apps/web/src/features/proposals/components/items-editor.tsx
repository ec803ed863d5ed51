import { useId } from 'react';
import { formatMoney } from '@aiceo/shared/money';
import {
  PROPOSAL_ITEMS_MAX,
  pricingModelLabels,
  pricingModels,
  pricingUnitLabels,
  type PricingModel,
  type ServiceTemplate,
} from '@aiceo/shared/proposals';
import { Button } from '@/components/ui/button';
import { customItem, itemFromTemplate, parseDecimal, type ItemDraft } from './draft-state';

type ItemsEditorProps = {
  items: readonly ItemDraft[];
  /** The live amount of each line, in order. */
  amounts: readonly number[];
  currency: string;
  templates: readonly ServiceTemplate[];
  errors: Readonly<Record<string, string>>;
  onChange: (items: ItemDraft[]) => void;
};

const unitOf = (item: ItemDraft) => {
  const quantity = parseDecimal(item.quantity);
  return quantity === 1 ? pricingUnitLabels[item.pricingModel].one : pricingUnitLabels[item.pricingModel].many;
};

const ItemError = ({ id, message }: { id: string; message: string | undefined }) =>
  message ? (
    <p className="item-error" id={id}>
      {message}
    </p>
  ) : null;

/** The lines of a draft: typed in place, added from a template or by hand, moved and removed. */
export const ItemsEditor = ({ items, amounts, currency, templates, errors, onChange }: ItemsEditorProps) => {
  const id = useId();
  const update = (index: number, change: Partial<ItemDraft>) =>
    onChange(items.map((item, i) => (i === index ? { ...item, ...change } : item)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...items];
    const [moved] = next.splice(index, 1);
    if (moved) next.splice(index + by, 0, moved);
    onChange(next);
  };
  const remove = (index: number) => onChange(items.filter((_, i) => i !== index));
  const isFull = items.length >= PROPOSAL_ITEMS_MAX;
  const error = (index: number, field: string) => errors[`items.${index}.${field}`];
  const errorId = (index: number, field: string) => `${id}-${index}-${field}-error`;
  const describedBy = (index: number, field: string) => (error(index, field) ? errorId(index, field) : undefined);

  return (
    <section className="stack" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Items</h2>
      {items.length === 0 ? (
        <p className="muted">No items yet: add a service below, or a line of your own.</p>
      ) : (
        <div className="table-wrap stacked-table proposal-items">
          <table aria-label="Items">
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col" className="col-qty">
                  Quantity
                </th>
                <th scope="col" className="col-price">
                  Unit price ({currency})
                </th>
                <th scope="col" className="col-amount amount">
                  Amount
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item, index) => {
                const label = item.name.trim() || `line ${index + 1}`;
                return (
                  <tr key={item.key} data-testid="proposal-item">
                    <td data-label="Item">
                      <input
                        aria-label={`Item ${index + 1} name`}
                        value={item.name}
                        maxLength={200}
                        placeholder="What you deliver"
                        aria-invalid={error(index, 'name') ? true : undefined}
                        aria-describedby={describedBy(index, 'name')}
                        onChange={(event) => update(index, { name: event.target.value })}
                      />
                      <ItemError id={errorId(index, 'name')} message={error(index, 'name')} />
                      <textarea
                        aria-label={`Item ${index + 1} description`}
                        rows={2}
                        value={item.description}
                        placeholder="Description (optional)"
                        onChange={(event) => update(index, { description: event.target.value })}
                      />
                      {item.deliverables.length > 0 ? (
                        <p className="item-meta">
                          {item.deliverables.length} deliverable{item.deliverables.length === 1 ? '' : 's'}: milestones
                          of the project once accepted
                        </p>
                      ) : null}
                    </td>
                    <td data-label="Quantity" className="col-qty">
                      <input
                        aria-label={`Item ${index + 1} quantity`}
                        inputMode="decimal"
                        value={item.quantity}
                        aria-invalid={error(index, 'quantity') ? true : undefined}
                        aria-describedby={describedBy(index, 'quantity')}
                        onChange={(event) => update(index, { quantity: event.target.value })}
                      />
                      {item.templateId ? (
                        <span className="unit">{unitOf(item)}</span>
                      ) : (
                        <select
                          aria-label={`Item ${index + 1} unit`}
                          value={item.pricingModel}
                          onChange={(event) => update(index, { pricingModel: event.target.value as PricingModel })}
                          style={{ marginTop: '0.35rem' }}
                        >
                          {pricingModels.map((model) => (
                            <option key={model} value={model}>
                              {pricingUnitLabels[model].many} ({pricingModelLabels[model].toLowerCase()})
                            </option>
                          ))}
                        </select>
                      )}
                      <ItemError id={errorId(index, 'quantity')} message={error(index, 'quantity')} />
                    </td>
                    <td data-label={`Unit price (${currency})`} className="col-price">
                      <input
                        aria-label={`Item ${index + 1} unit price`}
                        inputMode="decimal"
                        value={item.price}
                        placeholder="0.00"
                        aria-invalid={error(index, 'unitPriceMinor') ? true : undefined}
                        aria-describedby={describedBy(index, 'unitPriceMinor')}
                        onChange={(event) => update(index, { price: event.target.value })}
                      />
                      <span className="unit">per {pricingUnitLabels[item.pricingModel].one}</span>
                      <ItemError id={errorId(index, 'unitPriceMinor')} message={error(index, 'unitPriceMinor')} />
                    </td>
                    <td data-label="Amount" className="col-amount amount" data-testid="item-amount">
                      {formatMoney(amounts[index] ?? 0, currency)}
                    </td>
                    <td>
                      <div className="item-actions">
                        <Button
                          size="small"
                          variant="ghost"
                          aria-label={`Move ${label} up`}
                          disabled={index === 0}
                          onClick={() => move(index, -1)}
                        >
                          ↑
                        </Button>
                        <Button
                          size="small"
                          variant="ghost"
                          aria-label={`Move ${label} down`}
                          disabled={index === items.length - 1}
                          onClick={() => move(index, 1)}
                        >
                          ↓
                        </Button>
                        <Button
                          size="small"
                          variant="ghost"
                          aria-label={`Remove ${label}`}
                          onClick={() => remove(index)}
                        >
                          ✕
                        </Button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {errors['items'] ? <p className="item-error">{errors['items']}</p> : null}
      <div className="actions">
        {templates.length > 0 ? (
          <select
            aria-label="Add a service"
            value=""
            disabled={isFull}
            style={{ width: 'auto', maxWidth: '100%' }}
            onChange={(event) => {
              const template = templates.find((t) => t.id === event.target.value);
              if (template) onChange([...items, itemFromTemplate(template, currency)]);
            }}
          >
            <option value="">Add a service…</option>
            {templates.map((template) => (
              <option key={template.id} value={template.id}>
                {template.name}
              </option>
            ))}
          </select>
        ) : null}
        <Button variant="secondary" size="small" disabled={isFull} onClick={() => onChange([...items, customItem()])}>
          Add a custom line
        </Button>
        {isFull ? <span className="muted">At most {PROPOSAL_ITEMS_MAX} items.</span> : null}
      </div>
    </section>
  );
};
