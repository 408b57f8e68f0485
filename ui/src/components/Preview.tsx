// The print preview: the pages of a document as the PDF prints them, drawn as SVG from the same
// layout (same fonts, same word positions), so what the clerk sees is what prints.

import { t } from "../i18n/vi";

export function Preview({ pages, onClose }: { pages: string[]; onClose: () => void }) {
  return (
    <section className="card" data-testid="preview">
      <div className="toolbar">
        <strong>{t.preview.title(pages.length)}</strong>
        <button className="secondary" data-testid="preview-close" onClick={onClose}>{t.preview.close}</button>
      </div>
      <div className="preview">
        {pages.map((svg, i) => (
          // The SVG comes from our own renderer (text escaped there), never from outside input.
          <div key={i} className={svg.includes('data-orientation="landscape"') ? "sheet landscape" : "sheet"} dangerouslySetInnerHTML={{ __html: svg }} />
        ))}
      </div>
    </section>
  );
}
