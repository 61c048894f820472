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

export const COMMAND_NAMES = { summarize: 'summarize', contextMenu: 'Summarize paper', ask: 'ask', papers: 'papers' } as const;
export const OPTION_NAMES = { pdf: 'pdf', url: 'url', language: 'language', question: 'question', paper: 'paper', search: 'search', digest: 'digest' } as const;

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
    {
      type: ApplicationCommandType.ChatInput,
      name: COMMAND_NAMES.ask,
      name_localizations: { 'zh-CN': '提问' },
      description: "Ask a question about a paper summarized in this channel; the answer cites the paper's pages",
      description_localizations: { 'zh-CN': '就本频道总结过的论文提问，回答会标注论文页码' },
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: OPTION_NAMES.question,
          name_localizations: { 'zh-CN': '问题' },
          description: 'Your question',
          description_localizations: { 'zh-CN': '你的问题' },
          required: true,
          max_length: 500,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: OPTION_NAMES.paper,
          name_localizations: { 'zh-CN': '论文' },
          description: 'Words from the paper\'s title (default: the latest paper in this channel)',
          description_localizations: { 'zh-CN': '论文标题中的词（默认：本频道最近的一篇）' },
          required: false,
          max_length: 200,
        },
      ],
    },
    {
      type: ApplicationCommandType.ChatInput,
      name: COMMAND_NAMES.papers,
      name_localizations: { 'zh-CN': '论文列表' },
      description: 'The papers summarized in this channel, or search them',
      description_localizations: { 'zh-CN': '本频道总结过的论文，或在其中搜索' },
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: OPTION_NAMES.search,
          name_localizations: { 'zh-CN': '搜索' },
          description: 'Words to look for in titles, keywords and summaries',
          description_localizations: { 'zh-CN': '在标题、关键词和摘要中搜索的词' },
          required: false,
          max_length: 200,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: OPTION_NAMES.digest,
          name_localizations: { 'zh-CN': '每周摘要' },
          description: 'Turn the weekly digest of this channel\'s papers on or off',
          description_localizations: { 'zh-CN': '开启或关闭本频道论文的每周摘要' },
          required: false,
          choices: [
            { name: 'on', name_localizations: { 'zh-CN': '开启' }, value: 'on' },
            { name: 'off', name_localizations: { 'zh-CN': '关闭' }, value: 'off' },
          ],
        },
      ],
    },
  ];
}
