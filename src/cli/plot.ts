/**
 * The training-curve plot: an SVG written by hand (no dependency), two panels side by side, loss and
 * accuracy per epoch, training as solid lines and validation dashed.
 */

export interface CurveSeries {
  readonly label: string;
  readonly values: readonly number[];
  readonly dashed?: boolean;
  readonly colour: string;
}

export interface CurvePanel {
  readonly title: string;
  readonly series: readonly CurveSeries[];
  /** Where the legend sits (default top). */
  readonly legend?: 'top' | 'bottom';
}

const PANEL_W = 420;
const PANEL_H = 300;
const MARGIN = { left: 58, right: 16, top: 34, bottom: 44 };

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** "Nice" tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) {
    hi = lo + 1;
    lo -= 0;
  }
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function format(value: number): string {
  return Math.abs(value) >= 1000 || (Math.abs(value) < 0.01 && value !== 0)
    ? value.toExponential(1)
    : String(Number(value.toPrecision(4)));
}

function panelSvg(panel: CurvePanel, offsetX: number): string {
  const all = panel.series.flatMap((s) => s.values.filter(Number.isFinite));
  const epochs = Math.max(1, ...panel.series.map((s) => s.values.length));
  let lo = all.length ? Math.min(...all) : 0;
  let hi = all.length ? Math.max(...all) : 1;
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  // Extend the axis to the ticks just outside the data, so both ends carry a label.
  const yTicks = niceTicks(lo, hi);
  const step = yTicks.length > 1 ? yTicks[1] - yTicks[0] : 1;
  if (lo < yTicks[0] - 1e-12) yTicks.unshift(Number((yTicks[0] - step).toPrecision(12)));
  if (hi > yTicks[yTicks.length - 1] + 1e-12) yTicks.push(Number((yTicks[yTicks.length - 1] + step).toPrecision(12)));
  lo = yTicks[0];
  hi = yTicks[yTicks.length - 1];
  const w = PANEL_W - MARGIN.left - MARGIN.right;
  const h = PANEL_H - MARGIN.top - MARGIN.bottom;
  const px = (epoch: number): number =>
    offsetX + MARGIN.left + (epochs === 1 ? w / 2 : ((epoch - 1) / (epochs - 1)) * w);
  const py = (v: number): number => MARGIN.top + h - ((v - lo) / (hi - lo)) * h;
  const parts: string[] = [];
  parts.push(
    `<text x="${offsetX + PANEL_W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(panel.title)}</text>`,
  );
  parts.push(
    `<rect x="${offsetX + MARGIN.left}" y="${MARGIN.top}" width="${w}" height="${h}" fill="none" stroke="#888"/>`,
  );
  for (const t of yTicks) {
    const y = py(t).toFixed(1);
    parts.push(
      `<line x1="${offsetX + MARGIN.left}" x2="${offsetX + MARGIN.left + w}" y1="${y}" y2="${y}" stroke="#eee"/>`,
    );
    parts.push(
      `<text x="${offsetX + MARGIN.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" font-size="11">${format(t)}</text>`,
    );
  }
  for (const t of niceTicks(1, epochs, Math.min(epochs, 6)).filter(
    (e) => Number.isInteger(e) && e >= 1 && e <= epochs,
  )) {
    const x = px(t).toFixed(1);
    parts.push(`<line x1="${x}" x2="${x}" y1="${MARGIN.top + h}" y2="${MARGIN.top + h + 4}" stroke="#888"/>`);
    parts.push(`<text x="${x}" y="${MARGIN.top + h + 16}" text-anchor="middle" font-size="11">${t}</text>`);
  }
  parts.push(
    `<text x="${offsetX + MARGIN.left + w / 2}" y="${PANEL_H - 8}" text-anchor="middle" font-size="12">epoch</text>`,
  );
  panel.series.forEach((series, i) => {
    const points = series.values
      .map((v, e) => (Number.isFinite(v) ? `${px(e + 1).toFixed(1)},${py(v).toFixed(1)}` : undefined))
      .filter((p): p is string => p !== undefined);
    const dash = series.dashed ? ' stroke-dasharray="6 4"' : '';
    if (points.length > 1) {
      parts.push(
        `<polyline class="series" data-label="${escapeXml(series.label)}" fill="none" stroke="${series.colour}" stroke-width="2"${dash} points="${points.join(' ')}"/>`,
      );
    } else if (points.length === 1) {
      const [x, y] = points[0].split(',');
      parts.push(
        `<circle class="series" data-label="${escapeXml(series.label)}" cx="${x}" cy="${y}" r="3" fill="${series.colour}"/>`,
      );
    }
    // Loss falls and accuracy rises: the legend goes where the curves are not (top or bottom right).
    const ly =
      panel.legend === 'bottom' ? MARGIN.top + h - 14 - (panel.series.length - 1 - i) * 16 : MARGIN.top + 14 + i * 16;
    const lx = offsetX + MARGIN.left + w - 110;
    parts.push(
      `<line x1="${lx}" x2="${lx + 22}" y1="${ly}" y2="${ly}" stroke="${series.colour}" stroke-width="2"${dash}/>`,
    );
    parts.push(
      `<text x="${lx + 28}" y="${ly}" dominant-baseline="middle" font-size="11">${escapeXml(series.label)}</text>`,
    );
  });
  return parts.join('\n');
}

/** An SVG document with one panel per entry, side by side. */
function curvesSvg(panels: readonly CurvePanel[], title?: string): string {
  const width = PANEL_W * panels.length;
  const top = title ? 24 : 0;
  const body = panels.map((p, i) => panelSvg(p, i * PANEL_W)).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${PANEL_H + top}" viewBox="0 0 ${width} ${PANEL_H + top}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
${title ? `<text x="${width / 2}" y="18" text-anchor="middle" font-size="13">${escapeXml(title)}</text>\n` : ''}<g transform="translate(0 ${top})">
${body}
</g>
</svg>
`;
}

/** Keras-style history logs (loss, val_loss, accuracy, val_accuracy per epoch) -> the two-panel plot. */
export function trainingCurveSvg(history: Readonly<Record<string, readonly number[]>>, title?: string): string {
  const pick = (...keys: string[]): readonly number[] | undefined =>
    keys.map((k) => history[k]).find((v) => v && v.length > 0);
  const panel = (name: string, train?: readonly number[], val?: readonly number[]): CurvePanel => ({
    title: name,
    legend: name === 'accuracy' ? 'bottom' : 'top',
    series: [
      ...(train ? [{ label: 'training', values: train, colour: '#1f77b4' }] : []),
      ...(val ? [{ label: 'validation', values: val, colour: '#d62728', dashed: true }] : []),
    ],
  });
  return curvesSvg(
    [
      panel('loss', pick('loss'), pick('val_loss')),
      panel('accuracy', pick('accuracy', 'acc'), pick('val_accuracy', 'val_acc')),
    ],
    title,
  );
}
