// A refusal that names its fix ends with "Xem Hướng dẫn sử dụng, mục 6 «…»." (the Rust side
// writes it from the guide's own contents). Here that pointer becomes a button that opens the
// "?" panel at the section, so the clerk reads the fix where the refusal stands.

import { t } from "../i18n/vi";

const POINTER = /Xem Hướng dẫn sử dụng, mục (\d+) «([^»]+)»\./;

/** The event the "?" panel listens for: open at the guide's section `detail` (its number). */
export const GUIDE_EVENT = "thidua-guide-section";

export function openGuideSection(number: string) {
  window.dispatchEvent(new CustomEvent(GUIDE_EVENT, { detail: number }));
}

/** The guide pointer a message ends with, if it has one. */
export function guidePointer(text: string): string | null {
  return POINTER.exec(text)?.[0] ?? null;
}

/** A message with its guide pointer, if any, as a button. */
export function WithGuideLink({ text }: { text: string }) {
  const m = POINTER.exec(text);
  if (!m) return <>{text}</>;
  const [pointer, number] = m;
  return (
    <>
      {text.slice(0, m.index)}
      <button type="button" className="link guide-link" data-testid="guide-link" title={t.help.readSection} onClick={() => openGuideSection(number)}>
        {pointer.replace(/\.$/, "")}
      </button>
      {"." + text.slice(m.index + pointer.length)}
    </>
  );
}

/** The red banner a page shows a refusal in; nothing when there is none. */
export function ErrorBanner({ message, testId }: { message: string | null | undefined; testId?: string }) {
  if (!message) return null;
  return (
    <div className="error-banner" role="alert" data-testid={testId}>
      <WithGuideLink text={message} />
    </div>
  );
}
