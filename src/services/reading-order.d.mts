/** Types for reading-order.mjs (plain JS because it runs inside the PDF parser child process). */
export interface ReadingOrderItem {
  str: string;
  width: number;
  height: number;
  transform: number[];
}

export interface ReadingOrderViewport {
  width: number;
  convertToViewportPoint(x: number, y: number): number[];
}

export function readingOrder<T extends ReadingOrderItem>(items: T[], viewport: ReadingOrderViewport): T[];
