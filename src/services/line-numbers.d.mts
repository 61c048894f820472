/** Types for line-numbers.mjs (plain JS because it runs inside the PDF parser child process). */
export function dropLineNumbers<T extends { str: string; width: number; transform: number[] }>(items: T[]): T[];
