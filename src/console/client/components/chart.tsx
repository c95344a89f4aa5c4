/**
 * A Chart.js chart on a canvas, with the figures also as a table for anyone who cannot see it.
 * Only the parts of Chart.js these charts use are registered, so the bundle carries no more.
 */
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);
Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.color = '#333';
// Drawn at once: a screen that animates every 5 s is noise, and a finished canvas is what tests read.
Chart.defaults.animation = false;

/** Colour-blind-safe (Okabe–Ito), in the order datasets take them. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

export interface TableData {
  head: string[];
  rows: (string | number)[][];
}

export function ChartView(props: { config: ChartConfiguration; label: string; table: TableData; height?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return undefined;
    const chart = new Chart(canvas.current, { ...props.config, options: { responsive: true, maintainAspectRatio: false, ...props.config.options } });
    return () => chart.destroy();
  }, [JSON.stringify(props.config.data), props.config.type]);
  return (
    <div class="chart-view">
      <div class="chart" style={{ height: `${props.height ?? 260}px` }}>
        <canvas ref={canvas} role="img" aria-label={props.label} />
      </div>
      <details>
        <summary>The figures</summary>
        <div class="table-wrap" tabIndex={0} role="region" aria-label={`Figures: ${props.label}`}>
          <table>
            <thead>
              <tr>
                {props.table.head.map((h) => (
                  <th scope="col">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.table.rows.map((r) => (
                <tr>
                  {r.map((v) => (
                    <td>{v}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
