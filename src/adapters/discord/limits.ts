/** Discord's message limits (developer docs, "Embed Limits" and "Message" resources). */
export const DISCORD_LIMITS = {
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footerText: 2048,
  /** Sum of title, description, field names and values, footer and author name over ALL embeds of one message. */
  embedTotal: 6000,
  embeds: 10,
  content: 2000,
  customId: 100,
  buttonLabel: 80,
  buttonsPerRow: 5,
  url: 2048,
} as const;
