/** The first ```ts block of a README: the usage example that must run as written. */
export function firstTsBlock(markdown: string, readmeName: string): string {
  const match = /^```ts\n([\s\S]*?)^```$/m.exec(markdown);
  if (!match) throw new Error(`${readmeName}: no \`\`\`ts block (the usage example) found`);
  return match[1];
}
