/**
 * The README's example figures. `exampleSvgs()` renders them in memory; `writeExamples()` writes
 * examples/<name>.svg and .png. Run with `pnpm --filter @mlpkit/plot examples` (which runs
 * test/examples.test.ts with UPDATE_EXAMPLES=1); the same test checks the committed SVGs are current.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  comparisonPlot,
  confusionMatrixPlot,
  decisionBoundaryPlot,
  decisionRegionsPlot,
  historyPlot,
  scatterPlot,
} from '../src/index.js';
import { toPng } from '../src/png.js';
import { circles, confusionOf, gridCoordinates, gridOver, kernelModel, moons, spiral, split, trainLinear } from './example-data.js';

export function exampleSvgs(): Record<string, string> {
  const moonData = moons(400, 0.1, 7);
  const [moonTrain, moonVal] = split(moonData, 100, 11);
  const moonGrid = gridOver(moonData, 101);
  const moonLr = trainLinear(moonTrain, 100, 0.5, moonVal);

  const circleData = circles(400, 0.3, 0.08, 3);
  const circleGrid = gridOver(circleData, 101);
  const circleLr = trainLinear(circleData, 100, 0.5);
  const circleNet = kernelModel(circleData, 0.25);

  const spiralData = spiral(150, 3, 5);
  const spiralGrid = gridOver(spiralData, 101);
  const spiralNet = kernelModel(spiralData, 0.07);
  const spiralLr = trainLinear(spiralData, 200, 1);

  return {
    'scatter-moons': scatterPlot(moonData, { title: 'Moons (400 points)' }),
    'boundary-moons-logreg': decisionBoundaryPlot(moonData, moonGrid, moonLr.model(gridCoordinates(moonGrid)), {
      title: 'Logistic regression on moons',
    }),
    'regions-spiral3': decisionRegionsPlot(spiralData, spiralGrid, spiralNet(gridCoordinates(spiralGrid)), 3, {
      title: 'Decision regions, 3-class spiral',
    }),
    'comparison-circles': comparisonPlot(
      [
        { title: 'Logistic regression', data: circleData, grid: circleGrid, probs: circleLr.model(gridCoordinates(circleGrid)), width: 1 },
        { title: 'Nonlinear model', data: circleData, grid: circleGrid, probs: circleNet(gridCoordinates(circleGrid)), width: 1 },
      ],
      { title: 'Circles: linear vs nonlinear boundary' },
    ),
    'history-moons-logreg': historyPlot(moonLr.history),
    'confusion-moons-logreg': confusionMatrixPlot(confusionOf(moonLr.model, moonVal), { title: 'Confusion matrix, moons (validation)' }),
    'confusion-spiral3-softmax': confusionMatrixPlot(confusionOf(spiralLr.model, spiralData), {
      title: 'Confusion matrix, spiral (softmax regression)',
      labels: ['class 0', 'class 1', 'class 2'],
    }),
  };
}

export async function writeExamples(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, svg] of Object.entries(exampleSvgs())) {
    await writeFile(join(dir, `${name}.svg`), svg);
    await writeFile(join(dir, `${name}.png`), await toPng(svg));
    written.push(name);
  }
  return written;
}
