import 'axe-core';
import type { AxeResults, RunOptions } from 'axe-core';

type Axe = { run(context: Element, options: RunOptions): Promise<AxeResults> };

/**
 * Runs axe-core on an element (its shadow trees included) and returns the serious and critical violations
 * as readable lines. Test helper; not part of the package's exports.
 * @param el - the element to check.
 */
export async function seriousViolations(el: Element): Promise<string[]> {
  const axe = (globalThis as unknown as { axe?: Axe }).axe;
  if (!axe) throw new Error('axe-core did not load (window.axe missing)');
  const result = await axe.run(el, { resultTypes: ['violations'] });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}
