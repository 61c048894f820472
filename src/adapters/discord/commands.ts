/**
 * The application commands paperbot registers: `/summarize` (options pdf, url, language) and the message
 * context-menu command "Summarize paper", with zh-CN names and descriptions (Discord shows them to users whose
 * client is set to Chinese; interactions still carry the default names). Pure.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';

export const COMMAND_NAMES = { summarize: 'summarize', contextMenu: 'Summarize paper' } as const;
export const OPTION_NAMES = { pdf: 'pdf', url: 'url', language: 'language' } as const;

export function commandDefinitions(): RESTPutAPIApplicationCommandsJSONBody {
  return [
    {
      type: ApplicationCommandType.ChatInput,
      name: COMMAND_NAMES.summarize,
      name_localizations: { 'zh-CN': '总结' },
      description: 'Summarize an academic paper: attach the PDF or give an arXiv id/link, DOI or PDF link',
      description_localizations: { 'zh-CN': '总结一篇学术论文：上传 PDF，或提供 arXiv 编号/链接、DOI 或 PDF 链接' },
      options: [
        {
          type: ApplicationCommandOptionType.Attachment,
          name: OPTION_NAMES.pdf,
          description: 'The paper as a PDF file',
          description_localizations: { 'zh-CN': '论文的 PDF 文件' },
          required: false,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: OPTION_NAMES.url,
          name_localizations: { 'zh-CN': '链接' },
          description: 'arXiv id or link, DOI, or a link to a PDF',
          description_localizations: { 'zh-CN': 'arXiv 编号或链接、DOI，或 PDF 链接' },
          required: false,
          max_length: 1000,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: OPTION_NAMES.language,
          name_localizations: { 'zh-CN': '语言' },
          description: 'Language of the summary',
          description_localizations: { 'zh-CN': '摘要的语言' },
          required: false,
          choices: [
            { name: '中文 (Chinese)', name_localizations: { 'zh-CN': '中文' }, value: 'zh' },
            { name: 'English', name_localizations: { 'zh-CN': '英文 (English)' }, value: 'en' },
          ],
        },
      ],
    },
    {
      type: ApplicationCommandType.Message,
      name: COMMAND_NAMES.contextMenu,
      name_localizations: { 'zh-CN': '总结论文' },
    },
  ];
}
