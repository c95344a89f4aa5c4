/**
 * A modal dialog on the platform's <dialog>: showModal() makes the rest of the page inert, so
 * focus stays inside until it closes (Escape closes it too); closing returns focus to whatever
 * opened it, so a keyboard user carries on where they were, or to what `returnFocus` names when
 * the dialog's outcome is what to read next (a secret it made, say).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

export function Dialog(props: { title: string; onClose: () => void; returnFocus?: () => HTMLElement | null; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  // Read when the dialog closes, so it names what the closing render put on the page.
  const returnFocus = useRef(props.returnFocus);
  returnFocus.current = props.returnFocus;
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    dialog.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea, button[type=submit]')?.focus();
    return () => {
      if (dialog.open) dialog.close();
      // The opener may be gone (an acknowledged row leaves the board): the page's heading then.
      const back = returnFocus.current?.() ?? (opener?.isConnected ? opener : document.querySelector<HTMLElement>('main h1'));
      back?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
    </dialog>
  );
}
