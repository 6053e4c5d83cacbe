import { ACTIVATIONS, LOSSES, OPTIMIZERS, type ModelSpec } from '@mlpkit/models/core';

export interface FusedSupport {
  ok: boolean;
  /** Why the fused engine cannot run this spec (set when ok is false). */
  reason?: string;
}

/**
 * Whether the fused engine can train `spec`: Dense layers only, with the activations, losses and
 * optimizers it implements (today: all those of @mlpkit/models). 'auto' uses it when ok.
 */
export function supportsFused(spec: ModelSpec): FusedSupport {
  if (!spec || typeof spec !== 'object') return { ok: false, reason: 'not a model spec' };
  if (!Number.isInteger(spec.input) || spec.input < 1) return { ok: false, reason: `input must be a positive integer, got ${String(spec.input)}` };
  if (!Array.isArray(spec.layers) || spec.layers.length === 0) return { ok: false, reason: 'the spec has no layers' };
  for (let i = 0; i < spec.layers.length; i++) {
    const layer = spec.layers[i]!;
    const type = (layer as { type?: string }).type;
    if (type !== undefined && type !== 'dense') return { ok: false, reason: `layer ${i + 1} is a ${type} layer; the fused engine runs Dense layers only` };
    if (!Number.isInteger(layer.units) || layer.units < 1) return { ok: false, reason: `layer ${i + 1} has ${String(layer.units)} units` };
    if (!(ACTIVATIONS as readonly string[]).includes(layer.activation)) {
      return { ok: false, reason: `layer ${i + 1} uses activation "${layer.activation}", which the fused engine does not implement` };
    }
  }
  const compile = spec.compile;
  if (!compile?.optimizer) return { ok: false, reason: 'the spec has no compile.optimizer' };
  if (!(LOSSES as readonly string[]).includes(compile.loss)) return { ok: false, reason: `loss "${compile.loss}" is not implemented by the fused engine` };
  if (!(OPTIMIZERS as readonly string[]).includes(compile.optimizer.name)) {
    return { ok: false, reason: `optimizer "${compile.optimizer.name}" is not implemented by the fused engine` };
  }
  return { ok: true };
}
