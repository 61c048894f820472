/** What a section is for, from its heading, so the budget and the extractive engine can pick substance. */
import type { Section } from '../types.ts';

export type SectionRole =
  | 'abstract'
  | 'intro'
  | 'related'
  | 'method'
  | 'experiments'
  | 'results'
  | 'discussion'
  | 'conclusion'
  | 'backmatter'
  | 'other';

const RULES: Array<[SectionRole, RegExp]> = [
  ['backmatter', /reference|bibliograph|acknowledg|funding|author(s)?['’]? (details|contribution)|competing interest|appendix|supplementa|datasheet|参考文献|致\s*谢|附\s*录|声明/i],
  ['abstract', /^(abstract|summary|摘\s*要)$/i],
  ['intro', /introduction|background|motivation|overview|引\s*言|绪\s*论|前\s*言|概\s*述|研究背景/i],
  ['related', /related work|prior work|previous work|literature|state of the art|相关(工作|研究)|研究现状|文献综述/i],
  ['conclusion', /conclu|summary and|future work|limitations|结\s*论|总\s*结|结\s*语|展\s*望/i],
  ['results', /result|evaluation|performance|analysis|ablation|findings|结\s*果|分\s*析|评\s*估|性能/i],
  ['experiments', /experiment|setup|set-up|dataset|data set|benchmark|implementation|实\s*验|测\s*试|数据集/i],
  ['discussion', /discussion|讨\s*论/i],
  ['method', /method|approach|model|framework|architecture|algorithm|design|proposed|system|材料与方法|方\s*法|模\s*型|算\s*法|设\s*计|框\s*架|原\s*理/i],
];

/** Strips numbering like "3", "3.1", "III.", "A", "第三章" before matching. */
export function headingWords(heading: string): string {
  return heading
    .replace(/^\s*(第[一二三四五六七八九十百\d]+[章节部分]|[IVXLC]+\.|[A-Z]\.?(?=\s)|\d+(\.\d+)*\.?)\s*/u, '')
    .trim();
}

export function sectionRole(section: Pick<Section, 'heading'>): SectionRole {
  const words = headingWords(section.heading);
  for (const [role, re] of RULES) if (re.test(words)) return role;
  return 'other';
}
