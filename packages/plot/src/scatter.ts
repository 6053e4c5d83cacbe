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
import { axisLabels, type PlotData, type ScatterOptions } from './types.js';
import { sampleCaption, samplePoints } from './sample.js';
import { validateBounds, validateData } from './validate.js';

/** The data set as points coloured by class (first two features), with a class legend. */
export function scatterPlot(data: PlotData, o: ScatterOptions = {}): string {
  validateData(data);
  const width = o.width ?? 640;
  const height = o.height ?? 500;
  const frame: Frame = { left: 66, top: 46, width: width - 66 - 130, height: height - 46 - 58 };
  if (o.bounds) validateBounds(o.bounds, 'bounds');
  const b = o.bounds ?? dataBounds(data);
  const x = linearScale([b.xMin, b.xMax], [frame.left, frame.left + frame.width]);
  const y = linearScale([b.yMin, b.yMax], [frame.top + frame.height, frame.top]);
  const sample = samplePoints(data, o.maxPoints, o.sampleSeed);
  const title = (o.title ?? 'Data') + sampleCaption(sample);
  const body =
    plotTitle(width, title) +
    points(data, x, y, o.pointRadius ?? defaultRadius(sample.shown), b, 'dark', sample.rows) +
    axes(frame, x, y, axisLabels(data, o)) +
    legend(frame.left + frame.width + 18, frame.top, classLegendEntries(classLabels(data, data.classes)));
  return svgDocument(width, height, title, body);
}
