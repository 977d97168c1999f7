// Cheap, honest checks of a screen as a person on a small laptop meets it: nothing pushes the page
// sideways, every control a keyboard or a screen reader reaches has a name, and an action is reached
// with Tab alone.
import type { Locator, Page } from 'playwright-core';

/** A small laptop window (and about a tablet in landscape). */
export const SMALL_SCREEN = { width: 820, height: 600 } as const;

/**
 * How far the page (or its main area) scrolls sideways, and the first elements that stick out past the
 * window's right edge (for the failure message). 0 and [] when the screen fits.
 */
export async function sidewaysOverflow(page: Page): Promise<{ overflowPx: number; offenders: string[] }> {
  // Runs in the page (this project's types have no DOM, so the page's code is given as text).
  return page.evaluate<{ overflowPx: number; offenders: string[] }>(`(() => {
    const describe = (el) =>
      el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (typeof el.className === 'string' && el.className.trim()
        ? '.' + el.className.trim().split(/\\s+/).join('.')
        : '');
    const scrollers = [document.documentElement, document.body, document.querySelector('main')].filter(Boolean);
    const overflowPx = Math.max(0, ...scrollers.map((el) => el.scrollWidth - el.clientWidth));
    const width = document.documentElement.clientWidth;
    const offenders = [];
    for (const el of document.querySelectorAll('body *')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.right > width + 1) offenders.push(describe(el) + ' ends at ' + Math.round(box.right) + 'px');
      if (offenders.length >= 8) break;
    }
    return { overflowPx, offenders };
  })()`);
}

const CONTROL_ROLES = new Set([
  'button',
  'link',
  'textbox',
  'searchbox',
  'combobox',
  'listbox',
  'checkbox',
  'radio',
  'switch',
  'slider',
  'spinbutton',
  'tab',
  'menuitem',
]);

interface AriaNode {
  readonly role?: string;
  readonly name?: string;
  readonly children?: readonly (AriaNode | string)[];
}

/** Controls in the accessibility tree without an accessible name (role and text, for the message). */
export async function unnamedControls(page: Page): Promise<string[]> {
  const tree = (await page.locator('body').ariaSnapshotJSON()) as unknown;
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as AriaNode;
    if (n.role && CONTROL_ROLES.has(n.role) && !n.name?.trim()) out.push(`${n.role} ${JSON.stringify(n)}`);
    n.children?.forEach(walk);
  };
  walk(tree);
  return out;
}

/**
 * Presses Tab from the top of the page until `target` has the focus; returns how many presses it took
 * and what got the focus on the way (for the failure message). Throws when it never gets there.
 */
export async function tabTo(page: Page, target: Locator, maxPresses = 80): Promise<number> {
  await page.evaluate('document.activeElement && document.activeElement.blur()');
  const seen: string[] = [];
  for (let presses = 1; presses <= maxPresses; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return presses;
    seen.push(
      await page.evaluate<string>(`(() => {
        const el = document.activeElement;
        if (!el) return '(nothing)';
        const label = el.getAttribute('aria-label') || (el.textContent || '').trim().slice(0, 30);
        return el.tagName.toLowerCase() + ' "' + label + '"';
      })()`),
    );
  }
  throw new Error(`Tab never reached the target in ${maxPresses} presses; focus went: ${seen.join(' → ')}`);
}

/** The element's box lies inside the window (after the browser scrolled it into view). */
export async function insideWindow(page: Page, target: Locator): Promise<boolean> {
  const box = await target.boundingBox();
  const size = page.viewportSize();
  if (!box || !size) return false;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height;
}
