import { useEffect, useRef, useSyncExternalStore } from 'react';
// The only chart.js import of the app: it registers just the pieces these charts draw.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(
  LineController,
  BarController,
  LineElement,
  PointElement,
  BarElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
);

export type ChartColor = 'chart-1' | 'chart-2' | 'chart-3';
export type ChartSeries = { label: string; values: readonly number[]; color: ChartColor };
export type TimeSeriesChartProps = {
  kind: 'line' | 'bar';
  labels: readonly string[];
  series: readonly ChartSeries[];
  /** What the chart shows, for screen readers (the canvas itself is an image to them). */
  ariaLabel: string;
  /** How a value reads on the axis and in the tooltip (e.g. money); whole numbers by default. */
  formatValue?: (value: number) => string;
};

const darkQuery = '(prefers-color-scheme: dark)';
const subscribeScheme = (notify: () => void) => {
  const media = window.matchMedia(darkQuery);
  media.addEventListener('change', notify);
  return () => media.removeEventListener('change', notify);
};
const useIsDark = () => useSyncExternalStore(subscribeScheme, () => window.matchMedia(darkQuery).matches);

export const TimeSeriesChart = ({ kind, labels, series, ariaLabel, formatValue }: TimeSeriesChartProps) => {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const isDark = useIsDark();

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // Colours come from the stylesheet's custom properties, so charts follow light and dark.
    const css = getComputedStyle(document.documentElement);
    const token = (name: string) => css.getPropertyValue(`--${name}`).trim();
    const muted = token('muted');
    const chart = new Chart(canvas, {
      type: kind,
      data: {
        labels: [...labels],
        datasets: series.map((s) => ({
          label: s.label,
          data: [...s.values],
          borderColor: token(s.color),
          backgroundColor: token(s.color),
          borderWidth: 2,
          pointRadius: 0,
          pointHitRadius: 8,
          // Monotone curves never dip below zero between two zero-or-more points.
          cubicInterpolationMode: 'monotone',
          maxBarThickness: 18,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'index', intersect: false },
        plugins: {
          legend: { display: series.length > 1, labels: { color: muted, boxWidth: 12 } },
          tooltip: formatValue
            ? { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${formatValue(Number(item.raw))}` } }
            : {},
        },
        scales: {
          x: { ticks: { color: muted, maxTicksLimit: 8, maxRotation: 0, autoSkip: true }, grid: { display: false } },
          y: {
            beginAtZero: true,
            ticks: {
              color: muted,
              precision: 0,
              maxTicksLimit: 6,
              ...(formatValue ? { callback: (value: string | number) => formatValue(Number(value)) } : {}),
            },
            grid: { color: token('border') },
          },
        },
      },
    });
    canvas.dataset.rendered = 'true';
    return () => {
      delete canvas.dataset.rendered;
      chart.destroy();
    };
  }, [kind, labels, series, isDark, formatValue]);

  return <canvas ref={canvasRef} role="img" aria-label={ariaLabel} />;
};
