import { PlotInputError } from './errors.js';
import {
  axes,
  classLabels,
  classLegendEntries,
  dataBounds,
  defaultRadius,
  legend,
  linearScale,
  plotTitle,
  points,
  svgDocument,
  type Frame,
} from './svg.js';
import type { PlotData, ScatterOptions } from './types.js';
import { validateData } from './validate.js';

/** The data set as points coloured by class (first two features), with a class legend. */
export function scatterPlot(data: PlotData, o: ScatterOptions = {}): string {
  validateData(data);
  const width = o.width ?? 640;
  const height = o.height ?? 500;
  const frame: Frame = { left: 66, top: 46, width: width - 66 - 130, height: height - 46 - 58 };
  let x;
  let y;
  if (o.bounds) {
    const b = o.bounds;
    if (![b.xMin, b.xMax, b.yMin, b.yMax].every(Number.isFinite) || !(b.xMin < b.xMax) || !(b.yMin < b.yMax)) {
      throw new PlotInputError(
        `bounds must be finite with xMin < xMax and yMin < yMax, got x [${b.xMin}, ${b.xMax}], y [${b.yMin}, ${b.yMax}]`,
      );
    }
    x = linearScale([b.xMin, b.xMax], [frame.left, frame.left + frame.width]);
    y = linearScale([b.yMin, b.yMax], [frame.top + frame.height, frame.top]);
  } else {
    const b = dataBounds(data);
    x = linearScale([b.xMin, b.xMax], [frame.left, frame.left + frame.width]);
    y = linearScale([b.yMin, b.yMax], [frame.top + frame.height, frame.top]);
  }
  const [x0, x1] = x.domain() as [number, number];
  const [y0, y1] = y.domain() as [number, number];
  const title = o.title ?? 'Data';
  const body =
    plotTitle(width, title) +
    points(data, x, y, o.pointRadius ?? defaultRadius(data.y.length), { xMin: x0, xMax: x1, yMin: y0, yMax: y1 }) +
    axes(frame, x, y, { xLabel: o.xLabel ?? 'x1', yLabel: o.yLabel ?? 'x2' }) +
    legend(frame.left + frame.width + 18, frame.top, classLegendEntries(classLabels(data, data.classes)));
  return svgDocument(width, height, title, body);
}
