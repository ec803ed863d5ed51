import { useEffect, useRef, useState, type ReactNode } from 'react';
import { formatMoney } from '@aiceo/shared/money';
import './money.css';

// Small hand-drawn SVG charts: drawn at the box's real pixel width so that text stays legible at
// 390 px, with money on the axis in the org's currency (chart.js would need a plugin for each).

const MARGIN = { top: 12, right: 8, bottom: 26, left: 58 };

const useBoxWidth = () => {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(box);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
};

/** Round steps (1, 2, 5 × 10^n) from the lowest value (or 0) to the highest (or 0). */
const niceScale = (values: readonly number[], tickCount = 4) => {
  const min = Math.min(0, ...values);
  const max = Math.max(0, ...values);
  // An empty chart still gets a readable axis (0 to 100.00 in a two-digit currency).
  const span = max - min || 10_000;
  const raw = span / tickCount;
  const power = 10 ** Math.floor(Math.log10(raw));
  // Never finer than one minor unit.
  const step = Math.max(1, ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power);
  const low = Math.floor(min / step) * step;
  const high = Math.ceil(max / step) * step || step;
  const ticks: number[] = [];
  for (let tick = low; tick <= high + step / 2; tick += step) ticks.push(tick);
  return { low, high, ticks };
};

type Frame = { width: number; height: number; plotWidth: number; plotHeight: number; y: (value: number) => number };

const Axes = ({ frame, ticks, currency }: { frame: Frame; ticks: readonly number[]; currency: string }) => (
  <g className="money-chart-axis">
    {ticks.map((tick) => (
      <g key={tick}>
        <line
          x1={MARGIN.left}
          x2={MARGIN.left + frame.plotWidth}
          y1={frame.y(tick)}
          y2={frame.y(tick)}
          className={tick === 0 ? 'zero' : undefined}
        />
        <text x={MARGIN.left - 6} y={frame.y(tick)} dy="0.32em" textAnchor="end">
          {formatMoney(tick, currency, { compact: true })}
        </text>
      </g>
    ))}
  </g>
);

/** Every nth axis label, so that they never overlap (about 52 px each). */
const labelStep = (count: number, plotWidth: number) => Math.max(1, Math.ceil(count / Math.max(1, plotWidth / 52)));

type ChartBoxProps = { ariaLabel: string; height: number; legend?: ReactNode; children: (width: number) => ReactNode };

const ChartBox = ({ ariaLabel, height, legend, children }: ChartBoxProps) => {
  const { ref, width } = useBoxWidth();
  return (
    <figure className="money-chart">
      <div ref={ref} className="money-chart-box" style={{ height }}>
        {width > 0 ? (
          <svg width={width} height={height} role="img" aria-label={ariaLabel} data-rendered="true">
            {children(width)}
          </svg>
        ) : null}
      </div>
      {legend ? <figcaption className="money-chart-legend">{legend}</figcaption> : null}
    </figure>
  );
};

const frameOf = (width: number, height: number, low: number, high: number): Frame => {
  const plotWidth = Math.max(10, width - MARGIN.left - MARGIN.right);
  const plotHeight = Math.max(10, height - MARGIN.top - MARGIN.bottom);
  const y = (value: number) => MARGIN.top + plotHeight - ((value - low) / (high - low || 1)) * plotHeight;
  return { width, height, plotWidth, plotHeight, y };
};

export type ChartTone = 'in' | 'out' | 'net' | 'balance';
export type BarSeries = { label: string; tone: ChartTone; values: readonly number[] };
export type ChartPoint = { label: string; axisLabel: string };

type BarChartProps = {
  points: readonly ChartPoint[];
  series: readonly BarSeries[];
  currency: string;
  ariaLabel: string;
  height?: number;
};

const Legend = ({ series }: { series: readonly { label: string; tone: ChartTone }[] }) => (
  <>
    {series.map((s) => (
      <span key={s.label} className="money-chart-key">
        <span className={`swatch ${s.tone}`} aria-hidden="true" /> {s.label}
      </span>
    ))}
  </>
);

/** Bars side by side per period (money in and out per month); amounts in minor units. */
export const BarChart = ({ points, series, currency, ariaLabel, height = 240 }: BarChartProps) => (
  <ChartBox ariaLabel={ariaLabel} height={height} legend={<Legend series={series} />}>
    {(width) => {
      const { low, high, ticks } = niceScale(series.flatMap((s) => s.values));
      const frame = frameOf(width, height, low, high);
      const band = frame.plotWidth / Math.max(1, points.length);
      const barWidth = Math.max(2, Math.min(22, (band * 0.8) / Math.max(1, series.length)));
      const step = labelStep(points.length, frame.plotWidth);
      return (
        <>
          <Axes frame={frame} ticks={ticks} currency={currency} />
          {points.map((point, index) => {
            const groupLeft = MARGIN.left + band * index + (band - barWidth * series.length) / 2;
            return (
              <g key={point.label}>
                {series.map((s, seriesIndex) => {
                  const value = s.values[index] ?? 0;
                  const top = Math.min(frame.y(value), frame.y(0));
                  return (
                    <rect
                      key={s.label}
                      className={`bar ${s.tone}${value < 0 ? ' negative' : ''}`}
                      x={groupLeft + seriesIndex * barWidth}
                      y={top}
                      width={barWidth - 1}
                      height={Math.max(value === 0 ? 0 : 1, Math.abs(frame.y(value) - frame.y(0)))}
                    >
                      <title>{`${point.label} · ${s.label}: ${formatMoney(value, currency)}`}</title>
                    </rect>
                  );
                })}
                {index % step === 0 ? (
                  <text
                    className="money-chart-x"
                    x={MARGIN.left + band * index + band / 2}
                    y={height - 8}
                    textAnchor="middle"
                  >
                    {point.axisLabel}
                  </text>
                ) : null}
              </g>
            );
          })}
        </>
      );
    }}
  </ChartBox>
);

type BalanceChartProps = {
  points: readonly ChartPoint[];
  values: readonly number[];
  /** The point to mark (the lowest balance), with its caption. */
  mark?: { index: number; caption: string };
  currency: string;
  ariaLabel: string;
  label: string;
  height?: number;
};

/** A balance over time as a line, with one point marked (the lowest week of a forecast). */
export const BalanceChart = ({ points, values, mark, currency, ariaLabel, label, height = 240 }: BalanceChartProps) => (
  <ChartBox
    ariaLabel={ariaLabel}
    height={height}
    legend={
      <>
        <Legend series={[{ label, tone: 'balance' }]} />
        {mark ? (
          <span className="money-chart-key">
            <span className="swatch mark" aria-hidden="true" /> {mark.caption}
          </span>
        ) : null}
      </>
    }
  >
    {(width) => {
      const { low, high, ticks } = niceScale(values);
      const frame = frameOf(width, height, low, high);
      const band = frame.plotWidth / Math.max(1, points.length);
      const x = (index: number) => MARGIN.left + band * index + band / 2;
      const line = values.map((value, index) => `${index === 0 ? 'M' : 'L'}${x(index)},${frame.y(value)}`).join(' ');
      const step = labelStep(points.length, frame.plotWidth);
      const marked = mark ? values[mark.index] : undefined;
      return (
        <>
          <Axes frame={frame} ticks={ticks} currency={currency} />
          <path className="line balance" d={line} />
          {values.map((value, index) => (
            <circle key={points[index]?.label ?? index} className="dot balance" cx={x(index)} cy={frame.y(value)} r={3}>
              <title>{`${points[index]?.label ?? ''} · ${label}: ${formatMoney(value, currency)}`}</title>
            </circle>
          ))}
          {mark && marked !== undefined ? (
            <circle className="dot mark" cx={x(mark.index)} cy={frame.y(marked)} r={7} data-testid="lowest-mark">
              <title>{mark.caption}</title>
            </circle>
          ) : null}
          {points.map((point, index) =>
            index % step === 0 ? (
              <text key={point.label} className="money-chart-x" x={x(index)} y={height - 8} textAnchor="middle">
                {point.axisLabel}
              </text>
            ) : null,
          )}
        </>
      );
    }}
  </ChartBox>
);
