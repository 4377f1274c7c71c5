import type { AccountUsage } from '../../../electron/common/usage';
import { plotGeometry, plotSummary } from './usage-text';

const WIDTH = 232;
const HEIGHT = 40;

/**
 * The 5-hour window's used % over the last hours (x: time, y: 0–100 %), the threshold, and the
 * burn rate drawn on to where it empties the window.
 */
export function BurnPlot({ account, now }: { account: AccountUsage; now: number }) {
  const g = plotGeometry(account, now, WIDTH, HEIGHT);
  const summary = plotSummary(account, now);
  return (
    <svg className="burn-plot" viewBox={`-3 -3 ${WIDTH + 6} ${HEIGHT + 6}`} role="img" aria-label={summary}>
      <title>{summary}</title>
      <rect className="plot-frame" x={0} y={0} width={WIDTH} height={HEIGHT} />
      {g.threshold !== null && <line className="plot-threshold" x1={0} x2={WIDTH} y1={g.threshold} y2={g.threshold} />}
      {g.projection && <line className="plot-projection" {...g.projection} />}
      {g.points && <polyline className="plot-history" points={g.points} />}
      {g.last && <circle className="plot-last" cx={g.last.x} cy={g.last.y} r={2.5} />}
    </svg>
  );
}
