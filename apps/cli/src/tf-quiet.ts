/**
 * Imported first by the modules that load TF.js: production mode silences the "install
 * tfjs-node" banner TF.js prints on first use, which is noise for a CLI.
 */
import * as tf from '@tensorflow/tfjs';

tf.enableProdMode();
