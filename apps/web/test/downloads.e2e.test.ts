/**
 * Downloads: the trained model in TF.js layers format (loadable with tf.loadLayersModel) and the
 * self-contained HTML report.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byTestId, expectNoProblems, launchBrowser, openApp, waitForDone } from './browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function collectDownloads(page: Page, count: number, click: () => Promise<void>): Promise<Download[]> {
  const downloads: Download[] = [];
  const all = new Promise<void>((resolve) => {
    const onDownload = (d: Download) => {
      downloads.push(d);
      if (downloads.length === count) {
        page.off('download', onDownload);
        resolve();
      }
    };
    page.on('download', onDownload);
  });
  await click();
  await all;
  return downloads;
}

describe('downloads', () => {
  it('saves the trained model as TF.js files and the report as HTML', async () => {
    const { page, problems } = await openApp(browser, '?dataset=moons&layers=4:tanh,2:tanh&epochs=60&lr=0.02&backend=fused');
    expect(await page.isDisabled('#download-model')).toBe(true);
    await byTestId(page, 'train-button').click();
    await waitForDone(page);

    const files = await collectDownloads(page, 2, () => page.click('#download-model'));
    const byName = new Map(files.map((d) => [d.suggestedFilename(), d]));
    const jsonName = [...byName.keys()].find((n) => n.endsWith('.json'))!;
    const binName = [...byName.keys()].find((n) => n.endsWith('.weights.bin'))!;
    expect(jsonName).toBeDefined();
    expect(binName).toBeDefined();
    const modelJson = JSON.parse(readFileSync(await byName.get(jsonName)!.path(), 'utf8')) as {
      modelTopology: unknown;
      weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
      userDefinedMetadata?: { spec?: { layers: unknown[] } };
    };
    const weightBytes = readFileSync(await byName.get(binName)!.path());
    expect(modelJson.weightsManifest[0]!.paths).toEqual([`./${binName}`]);
    // 2→4→2→1 Dense: 25 float32 parameters.
    expect(weightBytes.byteLength).toBe(25 * 4);
    expect(modelJson.userDefinedMetadata?.spec?.layers).toHaveLength(3);

    // The files load back into TF.js and predict probabilities.
    await tf.setBackend('cpu');
    const weightData = weightBytes.buffer.slice(weightBytes.byteOffset, weightBytes.byteOffset + weightBytes.byteLength);
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology as tf.io.ModelArtifacts['modelTopology'],
        weightSpecs: modelJson.weightsManifest[0]!.weights,
        weightData,
      }),
    );
    const out = model.predict(tf.tensor2d([[0, 0.5], [1, -0.5], [2, 0.5]])) as tf.Tensor;
    expect(out.shape).toEqual([3, 1]);
    for (const p of await out.data()) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
    tf.dispose([out]);
    model.dispose();

    const [report] = await collectDownloads(page, 1, () => page.click('#download-report'));
    expect(report!.suggestedFilename()).toMatch(/report\.html$/);
    const html = readFileSync(await report!.path(), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('Classification report');
    expect(html).toContain('weighted avg');
    expect(html).toContain('<svg');
    expectNoProblems(problems);
    await page.context().close();
  });
});
