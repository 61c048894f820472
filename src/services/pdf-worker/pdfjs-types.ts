/**
 * The parts of pdf.js's objects that the PDF parser child reads, typed here instead of imported:
 * pdfjs-dist is pdf-parse's dependency, not ours, and pdf-parse does not export these types. Each
 * shape is a subset of the pdf.js 5 type of the same role (TextItem, TextMarkedContent, PageViewport,
 * PDFPageProxy, PDFDocumentProxy), so the real objects fit them.
 */

/** A text run from getTextContent(). pdf.js types `transform` as any[]; it is always a 6-number matrix. */
export interface PdfTextItem {
  str: string;
  /** 'ttb', 'ltr' or 'rtl'. */
  dir: string;
  /** [a, b, c, d, e, f]: scale/rotation in a..d, the baseline origin in e, f (PDF user space, y up). */
  transform: number[];
  width: number;
  height: number;
  fontName: string;
  hasEOL: boolean;
}

/** A marked-content entry (no text); getTextContent() returns these only with includeMarkedContent. */
export interface PdfMarkedContent {
  type: string;
  id?: string;
}

export type PdfTextContentItem = PdfTextItem | PdfMarkedContent;

/** PageViewport at scale 1: page size and PDF user space → viewport (y down) conversion. */
export interface PdfViewport {
  width: number;
  height: number;
  /** pdf.js types the result as any[]; it is [x, y]. */
  convertToViewportPoint(x: number, y: number): number[];
}

export interface PdfPage {
  /** 1-based. */
  pageNumber: number;
  getViewport(params: { scale: number }): PdfViewport;
  getTextContent(): Promise<{ items: PdfTextContentItem[] }>;
  cleanup(): boolean;
}

/**
 * The fields of an annotation's data that the link scan reads. pdf.js types getAnnotationsByType's
 * results as plain Object (their fields depend on the annotation type), so all but pageIndex stay unknown
 * or optional, and every one is checked before use.
 */
export interface PdfAnnotationData {
  pageIndex: number;
  annotationFlags?: number;
  quadPoints?: unknown;
  url?: unknown;
  unsafeUrl?: unknown;
}

export interface PdfDocument {
  numPages: number;
  getPage(pageNumber: number): Promise<PdfPage>;
  getAnnotationsByType(types: Set<number>, pageIndexesToSkip: Set<number>): Promise<PdfAnnotationData[] | null | undefined>;
  /** pdf.js types `info` as plain Object: the document's Info dictionary, any keys, any values. */
  getMetadata(): Promise<{ info?: Record<string, unknown> | null }>;
}
