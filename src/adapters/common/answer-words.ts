/** The words around a thread answer, shared by the Slack and Discord renderers. */
export const ANSWER_WORDS = {
  en: {
    sources: 'Sources in the paper',
    closest: 'The closest passages in the paper:',
    notFound: 'The paper does not seem to answer this. Try other words, or ask about something the paper covers.',
    modelDown: 'The model is unavailable right now, so here are the passages that match your question best.',
    by: (model: string | null) => (model ? `answered from the paper by ${model}` : 'passages found in the paper, no model used'),
  },
  zh: {
    sources: '论文出处',
    closest: '论文中最相关的段落：',
    notFound: '这篇论文似乎没有回答这个问题。可以换个说法，或者问论文涉及的内容。',
    modelDown: '模型暂时不可用，下面是与问题最相关的段落。',
    by: (model: string | null) => (model ? `由 ${model} 根据论文回答` : '论文中找到的段落（未使用模型）'),
  },
} as const;

export const pageList = (pages: number[]) => pages.map((p) => `p. ${p}`).join(', ');
